import type { Executor } from "../../db/index.js";
import { type Correspondent, filerOf } from "../../domain/representation.js";
import { enqueueMail } from "../outbox/enqueue.js";
import type { RequestRow } from "./move-request.js";

/** Who hears from us about a stored request: the agent or parent who filed it, otherwise the subject. */
export function filerOfRequest(request: RequestRow): Correspondent {
  return filerOf(
    { email: request.subjectEmail, name: request.subjectName },
    { role: request.submitterRole, email: request.submitterEmail, name: request.submitterName },
  );
}

/**
 * Owes the filer a message about their request, in the caller's transaction. `key` names this message among the
 * request's, so owing it twice sends it once.
 */
export interface FilerMail {
  template: string;
  key: string;
  at: Date;
  payload: Record<string, unknown>;
}

export function mailFiler(db: Executor, request: RequestRow, mail: FilerMail) {
  const filer = filerOfRequest(request);
  return enqueueMail(db, {
    idempotencyKey: `request:${request.id}:${mail.key}`,
    template: mail.template,
    recipient: filer.email,
    requestId: request.id,
    dueAt: mail.at,
    payload: { recipientName: filer.name, trackingNumber: request.trackingNumber, ...mail.payload },
  });
}
