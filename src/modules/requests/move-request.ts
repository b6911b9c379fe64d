import { eq } from "drizzle-orm";
import type { Transaction } from "../../db/index.js";
import { requests } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { assertMove, type RequestStatus } from "../../domain/lifecycle.js";
import { recordEvent } from "../audit/record-event.js";

export interface Move {
  requestId: string;
  to: RequestStatus;
  actor: Actor;
  at: Date;
  /** The audit action, in the team's words: "verified", "denied", "withdrawn"... */
  action: string;
  /** The version the actor saw; a request changed since then is a conflict, not a silent overwrite. */
  expectedVersion?: number;
  data?: Record<string, unknown>;
}

/**
 * The only way a request changes status: checked by the lifecycle, versioned, and audited in the same transaction.
 * Returns the new version.
 */
export async function moveRequest(tx: Transaction, move: Move): Promise<number> {
  const [current] = await tx
    .select({ status: requests.status, version: requests.version })
    .from(requests)
    .where(eq(requests.id, move.requestId))
    .for("update");
  if (!current) throw new DomainError("not_found", "No such request.");
  if (move.expectedVersion !== undefined && move.expectedVersion !== current.version) {
    throw new DomainError("conflict", "The request changed since you loaded it; reload and try again.");
  }
  assertMove(current.status, move.to);
  // The row is locked FOR UPDATE above, so nothing can change it between the read and this write.
  const version = current.version + 1;
  await tx
    .update(requests)
    .set({ status: move.to, version, updatedAt: move.at })
    .where(eq(requests.id, move.requestId));
  await recordEvent(tx, {
    requestId: move.requestId,
    at: move.at,
    actor: move.actor,
    action: move.action,
    fromStatus: current.status,
    toStatus: move.to,
    ...(move.data ? { data: move.data } : {}),
  });
  return version;
}
