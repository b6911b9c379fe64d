import type { AppContext } from "../../context.js";
import type { StaffActor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { describeStatus, isAnswerPending } from "../../domain/lifecycle.js";
import { onRequest, type RequestRow, type RequestWork } from "../request-lifecycle/index.js";

export interface StaffActionInput {
  requestId: string;
  /** The version the staff member loaded; a stale one is a 409. */
  version: number;
}

/** How every staff use case is called: who acts, on which request at which version, with what. */
export interface StaffCall<Input = unknown> {
  ctx: AppContext;
  actor: StaffActor;
  input: StaffActionInput & Input;
}

/** Runs a staff action through the request door, on the request at the version the staff member saw. */
export function staffAction<T>(
  { ctx, actor, input }: StaffCall,
  work: (request: RequestWork) => Promise<T>,
): Promise<T> {
  return onRequest(ctx.db, { requestId: input.requestId, actor, at: ctx.now(), expectedVersion: input.version }, work);
}

/** Actions that shape the answer (assign, ask, extend) make sense only while an answer is still owed. */
export function assertAnswerPending(request: RequestRow): void {
  if (!isAnswerPending(request.status)) {
    throw new DomainError(
      "invalid_transition",
      `This request is ${describeStatus(request.status)}, so it is no longer being answered.`,
    );
  }
}

/** What every action answers: where the request now stands and the version to send with the next change. */
export interface ActionResult {
  id: string;
  status: RequestRow["status"];
  version: number;
}

/**
 * A routed part is decided by its controller: we do not act on the substance of processor-held data on our own
 * authority (Cal. Civ. Code §1798.105(c)(3); GDPR Art. 28(3)(e), 29), so the team cannot fulfil, refuse or extend it.
 */
export function assertOursToDecide(request: RequestRow): void {
  if (request.controllerId) {
    throw new DomainError(
      "invalid_transition",
      "This request is a routed part: its controller decides it, and we act only on its instructions.",
    );
  }
}
