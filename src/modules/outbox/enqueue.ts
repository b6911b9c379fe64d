import type { Executor } from "../../db/index.js";
import { outbox } from "../../db/schema/index.js";
import { type MessageData, type MessageName, sealedFields } from "../../mail/messages.js";
import { seal } from "../../security/secrets.js";

/** A message and the data its template needs, checked against that template's schema when this compiles. */
export type Message = { [Name in MessageName]: { template: Name; payload: MessageData<Name> } }[MessageName];

export type OwedMail = Message & {
  /** Names the message itself, e.g. "request:<id>:acknowledgement": owing the same message twice adds nothing. */
  idempotencyKey: string;
  recipient: string;
  requestId?: string;
  dueAt: Date;
};

/**
 * Records an e-mail as owed, for the outbox job to deliver: await it inside the transaction of the change that owes
 * it, or pass it to `writeAtOnce` with the change. A message with secrets (see `sealedFields`) needs the key that
 * seals them.
 */
export function enqueueMail(db: Executor, mail: OwedMail, sealKey?: string) {
  return db
    .insert(outbox)
    .values({
      idempotencyKey: mail.idempotencyKey,
      channel: "mail",
      template: mail.template,
      recipient: mail.recipient,
      payload: storedPayload(mail, sealKey),
      requestId: mail.requestId ?? null,
      nextAttemptAt: mail.dueAt,
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey });
}

function storedPayload({ template, payload }: Message, sealKey: string | undefined): Record<string, unknown> {
  const secretNames: readonly string[] = sealedFields[template] ?? [];
  if (secretNames.length === 0) return payload;
  if (!sealKey) throw new Error(`The ${template} message carries secrets and needs the key to seal them.`);
  const kept: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (secretNames.includes(name)) secrets[name] = String(value);
    else kept[name] = value;
  }
  return { ...kept, sealed: seal(sealKey, secrets) };
}
