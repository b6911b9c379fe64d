import { DomainError } from "./errors.js";

export const requestStatuses = [
  "received",
  "verifying",
  "in_review",
  "awaiting_controller",
  "fulfilling",
  "completed",
  "denied",
  "withdrawn",
  "duplicate",
  "appeal_received",
  "appeal_decided",
] as const;
export type RequestStatus = (typeof requestStatuses)[number];

/**
 * Every move a request may make. A request is answered (completed or denied) or withdrawn; an answer that refused
 * something, in whole or in part, can be appealed, and an appeal that reverses it sends the request back to fulfilment.
 */
const allowedMoves: Record<RequestStatus, readonly RequestStatus[]> = {
  // Opt-outs need no verification and go straight to fulfilling; processor-held data goes to its controller.
  received: ["verifying", "in_review", "awaiting_controller", "fulfilling", "denied", "withdrawn", "duplicate"],
  verifying: ["in_review", "denied", "withdrawn", "duplicate"],
  in_review: ["awaiting_controller", "fulfilling", "denied", "withdrawn", "duplicate"],
  // The controller may instruct us to act, to refuse, or tell us it answered the requester itself.
  awaiting_controller: ["in_review", "fulfilling", "completed", "denied", "withdrawn", "duplicate"],
  fulfilling: ["completed"],
  completed: ["appeal_received"],
  denied: ["appeal_received"],
  withdrawn: [],
  // A repeat of a request still open or already answered is closed and answered under the original.
  duplicate: [],
  appeal_received: ["appeal_decided"],
  appeal_decided: ["fulfilling"],
};

function canMove(from: RequestStatus, to: RequestStatus): boolean {
  return allowedMoves[from].includes(to);
}

/** Where a request stands, in the words a person uses ("This request is ..."). */
const standing: Record<RequestStatus, string> = {
  received: "just received",
  verifying: "waiting for the requester to confirm their identity",
  in_review: "with the privacy team",
  awaiting_controller: "with the company that controls the data",
  fulfilling: "being carried out",
  completed: "completed",
  denied: "refused",
  withdrawn: "withdrawn",
  duplicate: "closed as a duplicate",
  appeal_received: "under appeal",
  appeal_decided: "decided on appeal",
};

/** What moving a request to a status does, in the same words ("... so it cannot be ... now"). */
const moving: Record<RequestStatus, string> = {
  received: "received again",
  verifying: "sent for identity verification",
  in_review: "sent for review",
  awaiting_controller: "sent to the controller",
  fulfilling: "carried out",
  completed: "completed",
  denied: "refused",
  withdrawn: "withdrawn",
  duplicate: "closed as a duplicate",
  appeal_received: "appealed",
  appeal_decided: "decided on appeal",
};

export function describeStatus(status: RequestStatus): string {
  return standing[status];
}

/** The one gate every status change passes: an illegal move is an error, never a silent no-op. */
export function assertMove(from: RequestStatus, to: RequestStatus): void {
  if (!canMove(from, to)) {
    throw new DomainError(
      "invalid_transition",
      `This request is ${standing[from]}, so it cannot be ${moving[to]} now.`,
    );
  }
}

/** Statuses in which the requester is still owed an answer by `respondBy`; reminders and the queue watch these. */
export const answerPendingStatuses = [
  "received",
  "verifying",
  "in_review",
  "awaiting_controller",
  "fulfilling",
] as const satisfies readonly RequestStatus[];

/** Whether the requester is still owed an answer: the request is one of `answerPendingStatuses`. */
export const isAnswerPending = (status: RequestStatus): boolean =>
  (answerPendingStatuses as readonly RequestStatus[]).includes(status);
