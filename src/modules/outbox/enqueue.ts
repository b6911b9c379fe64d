import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.js";
import { insertJsonRows } from "../../db/json-insert.js";
import { outbox } from "../../db/schema/index.js";
import type { ExerciseStatus } from "../../domain/drp-status.js";
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
 * The insert that records an e-mail as owed, for the outbox job to deliver, to pass to `writeAtOnce` with the change
 * that owes it. Owing the same message (the same key) twice adds nothing. A message with secrets (see
 * `sealedFields`) needs the key that seals them.
 */
export function mailInsert(mail: OwedMail, sealKey?: string): SQL {
  const row = {
    idempotencyKey: mail.idempotencyKey,
    channel: "mail" as const,
    template: mail.template,
    recipient: mail.recipient,
    payload: storedPayload(mail, sealKey),
    requestId: mail.requestId ?? null,
    nextAttemptAt: mail.dueAt,
  };
  return sql`${insertJsonRows(outbox, [row])} on conflict (idempotency_key) do nothing`;
}

/** Work for a data system that the outbox delivers like mail: a signed webhook job, or a connector's run. */
export interface OwedTaskWork {
  channel: "webhook" | "connector";
  taskId: string;
  requestId: string;
  /** Where it goes, for people reading dead letters: the webhook URL or the connector's database. */
  recipient: string;
  dueAt: Date;
}

/**
 * The insert that owes a task's work. The row names only the task: what is sent is built from the task, its request
 * and its system when it is sent, so a rotated secret or a changed URL is the one used.
 */
export function taskWorkInsert(work: OwedTaskWork): SQL {
  const row = {
    idempotencyKey: `task:${work.taskId}:${work.channel}`,
    channel: work.channel,
    template: work.channel === "webhook" ? "task_job" : "connector_run",
    recipient: work.recipient,
    payload: { taskId: work.taskId },
    requestId: work.requestId,
    nextAttemptAt: work.dueAt,
  };
  return sql`${insertJsonRows(outbox, [row])} on conflict (idempotency_key) do nothing`;
}

/** What a controller's webhook is told of one of its routed parts: that it is routed to it, or how it now stands. */
export type ControllerEvent = "routed" | "status";

/**
 * The insert that owes a controller a signed webhook about a routed part. Like a task's job, the row names only the
 * part and the event; the body is built when it is sent. `occasion` tells apart the status events of one part.
 */
export function controllerEventInsert(event: {
  requestId: string;
  event: ControllerEvent;
  occasion: string;
  webhookUrl: string;
  dueAt: Date;
}): SQL {
  const row = {
    idempotencyKey: `request:${event.requestId}:controller:${event.event}:${event.occasion}`,
    channel: "webhook" as const,
    template: "controller_event",
    recipient: event.webhookUrl,
    payload: { requestId: event.requestId, event: event.event },
    requestId: event.requestId,
    nextAttemptAt: event.dueAt,
  };
  return sql`${insertJsonRows(outbox, [row])} on conflict (idempotency_key) do nothing`;
}

/** Records an e-mail as owed, in the transaction of the change that owes it. */
export async function enqueueMail(db: Executor, mail: OwedMail, sealKey?: string): Promise<void> {
  await db.execute(mailInsert(mail, sealKey));
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

/**
 * The insert that owes a DRP agent the Exercise Status object of one status change of its request, to the callback
 * URL it gave. The status is taken at the change, so each change is told as it was; one per request version.
 */
export function drpCallbackInsert(callback: {
  requestId: string;
  version: number;
  url: string;
  status: ExerciseStatus;
  dueAt: Date;
}): SQL {
  const row = {
    idempotencyKey: `request:${callback.requestId}:drp_status:${callback.version}`,
    channel: "drp_callback" as const,
    template: "drp_status",
    recipient: callback.url,
    payload: { status: callback.status },
    requestId: callback.requestId,
    nextAttemptAt: callback.dueAt,
  };
  return sql`${insertJsonRows(outbox, [row])} on conflict (idempotency_key) do nothing`;
}
