import type { DenialGround } from "./denial-grounds.js";
import { drpInstant } from "./drp.js";
import type { RequestStatus } from "./lifecycle.js";
import type { RequestOutcome } from "./vocabulary.js";

/** DRP 1.0 §3.02's statuses and the reasons a request is in them. */
export type DrpStatus = "open" | "in_progress" | "fulfilled" | "denied" | "revoked" | "expired";
export type DrpReason =
  | "need_user_verification"
  | "suspected_fraud"
  | "insuf_verification"
  | "no_match"
  | "claim_not_covered"
  | "outside_jurisdiction"
  | "too_many_requests"
  | "other";

export interface RequestForAgent {
  id: string;
  status: RequestStatus;
  outcome: RequestOutcome | null;
  denialGround: DenialGround | null;
  closedUnverifiedAt: Date | null;
  receivedAt: Date;
  respondBy: string;
  drpAgentRequestId: string | null;
}

/** The Exercise Status object an agent reads, and is sent on every change. */
export interface ExerciseStatus {
  request_id: string;
  status: DrpStatus;
  reason?: DrpReason;
  received_at: string;
  expected_by: string;
  agent_request_id?: string;
  processing_details?: string;
  user_verification_url?: string;
}

/** The reason an agent reads for each ground we refuse on. */
const reasonOfGround: Record<DenialGround, DrpReason> = {
  identity_not_verified: "insuf_verification",
  manifestly_unfounded_or_excessive: "too_many_requests",
  regulatory_obligation: "claim_not_covered",
  legal_matters: "claim_not_covered",
  deletion_exception: "claim_not_covered",
  trade_secrets_or_others_rights: "claim_not_covered",
  disproportionate_effort: "other",
  pseudonymous_data: "no_match",
};

/**
 * Where a request stands in DRP's words. Ours are finer: everything between receipt and the answer is
 * `in_progress` (waiting for the consumer's confirmation with `need_user_verification` and where to give it); an
 * answer is `fulfilled` (in whole or part) or `denied` with the reason for its ground; a request that closed because
 * the consumer never confirmed it `expired`; one withdrawn `revoked`. `expected_by` is our `respondBy`, at the end of
 * that day in UTC. The verification page's address is added where it is known (the API answering, the dispatcher
 * sending), since the trail that takes the status knows no addresses.
 */
export function exerciseStatus(request: RequestForAgent, verificationUrl?: string): ExerciseStatus {
  const common = {
    request_id: request.id,
    received_at: drpInstant(request.receivedAt),
    expected_by: `${request.respondBy}T23:59:59+00:00`,
    ...(request.drpAgentRequestId ? { agent_request_id: request.drpAgentRequestId } : {}),
  };
  switch (request.status) {
    case "received":
      return { ...common, status: "open" };
    case "verifying":
      return {
        ...common,
        status: "in_progress",
        reason: "need_user_verification",
        ...(verificationUrl ? { user_verification_url: verificationUrl } : {}),
      };
    case "in_review":
    case "awaiting_controller":
    case "fulfilling":
    case "appeal_received":
      return { ...common, status: "in_progress" };
    case "completed":
      return {
        ...common,
        status: "fulfilled",
        ...(request.outcome === "partly_fulfilled"
          ? { processing_details: "Fulfilled in part; our e-mail to the consumer says what was not done and why." }
          : {}),
      };
    case "withdrawn":
      return { ...common, status: "revoked" };
    case "duplicate":
      return {
        ...common,
        status: "denied",
        reason: "other",
        processing_details: "A repeat of an earlier request, which answers it.",
      };
    case "denied":
    case "appeal_decided":
      if (request.closedUnverifiedAt) return { ...common, status: "expired" };
      return {
        ...common,
        status: "denied",
        reason: request.denialGround ? reasonOfGround[request.denialGround] : "other",
      };
  }
}
