import { eq } from "drizzle-orm";
import type { Database, Transaction } from "../../db/index.js";
import { writeAtOnce } from "../../db/one-statement.js";
import { requests } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import type { RequestAuditAction } from "../../domain/audit-actions.js";
import { exerciseStatus } from "../../domain/drp-status.js";
import { DomainError, StaleVersion } from "../../domain/errors.js";
import { assertMove, type RequestStatus } from "../../domain/lifecycle.js";
import { drpCallbackInsert } from "../outbox/enqueue.js";
import { filerOfRequest, messageInsert, type RequestMessage } from "./filer.js";
import { type ChangeableFields, personalFields, type RequestRow } from "./request-row.js";
import { eventsAfter } from "./trail.js";

export interface RequestCall {
  requestId: string;
  actor: Actor;
  at: Date;
  /** The version the actor saw; a request changed since then is a conflict, not a silent overwrite. */
  expectedVersion?: number | undefined;
}

export interface Change {
  action: RequestAuditAction;
  /** A new status, checked by the lifecycle; absent for changes that keep the status (assign, note, extend). */
  to?: RequestStatus;
  /** Fields to change; the event records each one's value before and after (personal data: only that it changed). */
  set?: ChangeableFields;
  data?: Record<string, unknown>;
}

/** A locked request and what may be done to it, within one transaction. */
export interface RequestWork {
  tx: Transaction;
  /** The request as it stands, kept in step with every change made here. */
  request: RequestRow;
  at: Date;
  /** Applies a change: lifecycle-checked, versioned and audited together. Returns the new version. */
  change(change: Change): Promise<number>;
  /** Owes a message about the request, to its filer unless another recipient is named. */
  owe(message: RequestMessage): Promise<unknown>;
}

/**
 * The one way to change a request: locks it for a transaction, refuses a stale version, and hands `work` the means
 * to change it and owe its messages, so every change has its audit event and its e-mail, or none of them happens.
 */
export function onRequest<T>(
  db: Database,
  call: RequestCall & {
    /** The answer when there is no such request; without it, that is a not-found error. */
    ifMissing?: () => T;
  },
  work: (request: RequestWork) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const [request] = await tx.select().from(requests).where(eq(requests.id, call.requestId)).for("update");
    if (!request) {
      if (call.ifMissing) return call.ifMissing();
      throw new DomainError("not_found", "No such request.");
    }
    if (call.expectedVersion !== undefined && call.expectedVersion !== request.version) {
      throw new StaleVersion(request.version);
    }
    return work({
      tx,
      request,
      at: call.at,
      change: (change) => applyChange(tx, request, call, change),
      owe: (message) => tx.execute(messageInsert(request, filerOfRequest(request), message, call.at)),
    });
  });
}

async function applyChange(tx: Transaction, current: RequestRow, call: RequestCall, change: Change): Promise<number> {
  if (change.to) assertMove(current.status, change.to);
  const version = current.version + 1;
  const set = change.set ?? {};
  const changed = Object.fromEntries(
    Object.entries(set).map(([field, after]) =>
      personalFields.has(field)
        ? [field, { personalData: true }]
        : [field, { before: current[field as keyof RequestRow], after }],
    ),
  );
  const trail = eventsAfter(current.id, current.auditHead, [
    {
      at: call.at,
      actor: call.actor,
      action: change.action,
      ...(change.to ? { fromStatus: current.status, toStatus: change.to } : {}),
      // The rules that set the request's clocks are the ones every action on it applies.
      rulesVersion: current.rulesVersion,
      data: { ...change.data, ...(Object.keys(changed).length > 0 ? { changed } : {}) },
    },
  ]);
  const after = { ...set, ...(change.to ? { status: change.to } : {}), version, auditHead: trail.head };
  // A request an agent filed by DRP: the agent hears of every status change, in the same statement.
  const callback = change.to && current.drpStatusCallback ? current.drpStatusCallback : undefined;
  await writeAtOnce(tx, [
    tx
      .update(requests)
      .set({ ...after, updatedAt: call.at })
      .where(eq(requests.id, current.id)),
    trail.write,
    ...(callback
      ? [
          drpCallbackInsert({
            requestId: current.id,
            version,
            url: callback,
            status: exerciseStatus({ ...current, ...after }),
            dueAt: call.at,
          }),
        ]
      : []),
  ]);
  Object.assign(current, after, { updatedAt: call.at });
  return version;
}
