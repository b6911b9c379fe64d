import { type Correspondent, filerOf } from "../../domain/representation.js";
import type { MessageData, MessageName } from "../../mail/messages.js";
import { type Message, mailInsert } from "../outbox/enqueue.js";
import type { RequestRow } from "./request-row.js";

/** Who hears from us about a stored request: the agent or parent who filed it, otherwise the subject. */
export function filerOfRequest(request: RequestRow): Correspondent {
  return filerOf(
    { email: request.subjectEmail, name: request.subjectName },
    { role: request.submitterRole, email: request.submitterEmail, name: request.submitterName },
  );
}

type Addressing = "recipientName" | "trackingNumber";

/**
 * A message about a request, checked against its template's schema when this compiles; the door adds whom it is for
 * and the tracking number. `key` names it among the request's messages, so owing it twice sends it once.
 */
export type RequestMessage = {
  [Name in MessageName]: { template: Name; payload: Omit<MessageData<Name>, Addressing> };
}[MessageName] & {
  key: string;
  /** Someone other than the filer, such as the consumer an agent acts for. */
  to?: Correspondent;
  /** The key that seals the message's secrets (see `sealedFields`), for a message that carries any. */
  sealKey?: string;
};

export function messageInsert(
  request: Pick<RequestRow, "id" | "trackingNumber">,
  filer: Correspondent,
  message: RequestMessage,
  at: Date,
) {
  const to = message.to ?? filer;
  return mailInsert(
    {
      idempotencyKey: `request:${request.id}:${message.key}`,
      // The payload lacks only the addressing added here, so it is the template's whole data.
      ...({
        template: message.template,
        payload: { ...message.payload, recipientName: to.name, trackingNumber: request.trackingNumber },
      } as Message),
      recipient: to.email,
      requestId: request.id,
      dueAt: at,
    },
    message.sealKey,
  );
}
