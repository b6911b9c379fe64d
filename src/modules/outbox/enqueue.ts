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

/**
 * Records an e-mail as owed, for the outbox job to deliver: await it inside the transaction of the change that owes
 * it, or pass it to `writeAtOnce` with the change.
 */
export function enqueueMail(db: Executor, mail: OwedMail) {
  return db
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
