import { eq } from "drizzle-orm";
import type { Transaction } from "../../db/index.js";
import { requests } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { assertMove, type RequestStatus } from "../../domain/lifecycle.js";
import { recordEvent } from "../audit/record-event.js";

export type RequestRow = typeof requests.$inferSelect;
type ChangeableFields = Partial<Omit<typeof requests.$inferInsert, "id" | "status" | "version">>;

export interface Change {
  actor: Actor;
  at: Date;
  /** The audit action, in the team's words: "verified", "denied", "extended"... */
  action: string;
  /** The version the actor saw; a request changed since then is a conflict, not a silent overwrite. */
  expectedVersion?: number;
  /** A new status, checked by the lifecycle; absent for changes that keep the status (assign, note, extend). */
  to?: RequestStatus;
  /** Fields to change; the audit event records each one's value before and after. */
  set?: ChangeableFields;
  data?: Record<string, unknown>;
}

/** Locks a request for the rest of the transaction, refusing a stale version. */
export async function lockRequest(tx: Transaction, requestId: string, expectedVersion?: number): Promise<RequestRow> {
  const [current] = await tx.select().from(requests).where(eq(requests.id, requestId)).for("update");
  if (!current) throw new DomainError("not_found", "No such request.");
  if (expectedVersion !== undefined && expectedVersion !== current.version) {
    throw new DomainError("conflict", "The request changed since you loaded it; reload and try again.");
  }
  return current;
}

/**
 * Applies a change to a request locked by `lockRequest`: checked by the lifecycle, versioned, and audited with the
 * values it replaced, in the caller's transaction. `current` is kept in step with the row, so a second change in the
 * same transaction starts from the first one's result. Returns the new version.
 */
export async function applyChange(tx: Transaction, current: RequestRow, change: Change): Promise<number> {
  if (change.to) assertMove(current.status, change.to);
  const version = current.version + 1;
  const set = change.set ?? {};
  await tx
    .update(requests)
    .set({ ...set, ...(change.to ? { status: change.to } : {}), version, updatedAt: change.at })
    .where(eq(requests.id, current.id));
  const changed = Object.fromEntries(
    Object.entries(set).map(([field, after]) => [field, { before: current[field as keyof RequestRow], after }]),
  );
  await recordEvent(tx, {
    requestId: current.id,
    at: change.at,
    actor: change.actor,
    action: change.action,
    ...(change.to ? { fromStatus: current.status, toStatus: change.to } : {}),
    // The rules that set the request's clocks are the ones every action on it applies.
    rulesVersion: current.rulesVersion,
    data: { ...change.data, ...(Object.keys(changed).length > 0 ? { changed } : {}) },
  });
  Object.assign(current, set, { version, updatedAt: change.at }, change.to ? { status: change.to } : {});
  return version;
}

/** The only way a request changes status: locked, version-checked, lifecycle-checked and audited together. */
export async function moveRequest(
  tx: Transaction,
  change: Change & { requestId: string; to: RequestStatus },
): Promise<number> {
  const current = await lockRequest(tx, change.requestId, change.expectedVersion);
  return applyChange(tx, current, change);
}
