import type { AppContext } from "../../context.js";
import type { Transaction } from "../../db/index.js";
import type { Actor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { answerPendingStatuses } from "../../domain/lifecycle.js";
import { lockRequest, type RequestRow } from "../requests/move-request.js";

export interface StaffActionInput {
  requestId: string;
  /** The version the staff member loaded; a stale one is a 409. */
  version: number;
}

export interface StaffAction {
  tx: Transaction;
  request: RequestRow;
  actor: Actor;
  at: Date;
}

/** Runs a staff action on a locked request at the version the staff member saw, in one transaction. */
export function onRequest<T>(
  ctx: AppContext,
  actor: Actor,
  input: StaffActionInput,
  work: (action: StaffAction) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, input.requestId, input.version);
    return work({ tx, request, actor, at: ctx.now() });
  });
}

/** Actions that shape the answer (assign, ask, extend) make sense only while an answer is still owed. */
export function assertAnswerPending(request: RequestRow): void {
  if (!(answerPendingStatuses as readonly string[]).includes(request.status)) {
    throw new DomainError("invalid_transition", `A request that is ${request.status} is no longer being answered.`);
  }
}

/** What every action answers: where the request now stands and the version to send with the next change. */
export interface ActionResult {
  id: string;
  status: RequestRow["status"];
  version: number;
}
