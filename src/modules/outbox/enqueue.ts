import type { Executor } from "../../db/index.js";
import { outbox } from "../../db/schema/index.js";

export interface OwedMail {
  /** Names the message itself, e.g. "request:<id>:acknowledgement": owing the same message twice adds nothing. */
  idempotencyKey: string;
  template: string;
  recipient: string;
  payload: Record<string, unknown>;
  requestId?: string;
  dueAt: Date;
}

/** Records an e-mail as owed, inside the caller's transaction; the outbox job delivers it. */
export async function enqueueMail(tx: Executor, mail: OwedMail): Promise<void> {
  await tx
    .insert(outbox)
    .values({
      idempotencyKey: mail.idempotencyKey,
      channel: "mail",
      template: mail.template,
      recipient: mail.recipient,
      payload: mail.payload,
      requestId: mail.requestId ?? null,
      nextAttemptAt: mail.dueAt,
    })
    .onConflictDoNothing({ target: outbox.idempotencyKey });
}
