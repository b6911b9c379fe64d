import { disputeResolutionOf } from "../../config.js";
import type { ResolvedConfig } from "../../context.js";
import { type DenialGround, denialGrounds } from "../../domain/denial-grounds.js";
import { rulesOfRequest } from "../../domain/jurisdictions/index.js";
import { recourseOfRefusal } from "../../domain/recourse.js";
import type { RequestOutcome } from "../../domain/vocabulary.js";
import type { RequestRow } from "../request-lifecycle/index.js";

export interface Notice {
  outcome: RequestOutcome;
  ground?: DenialGround | undefined;
  explanation: string;
  appealBy?: string | undefined;
}

type Settings = Pick<
  ResolvedConfig,
  "PUBLIC_BASE_URL" | "DISPUTE_RESOLUTION_NAME" | "DISPUTE_RESOLUTION_URL" | "SELLS_OR_SHARES_PERSONAL_DATA"
>;

/**
 * What a decision tells the requester, for every way a request is answered (a reviewer's decision, the close of a
 * request never verified): the outcome, the ground in words, how to appeal and until when, where else to go when
 * it is not wholly granted, and for a refused deletion where the law asks it, the offer of an opt-out.
 */
export function decisionNotice(config: Settings, request: RequestRow, notice: Notice) {
  const rules = rulesOfRequest(request);
  const appealUrl = new URL("/appeal", config.PUBLIC_BASE_URL);
  appealUrl.searchParams.set("tracking", request.trackingNumber);
  // 11 CCR §7022(f): a business that sells or shares asks whether the consumer wants to opt out instead.
  const offerOptOut =
    notice.outcome !== "fulfilled" &&
    request.kind === "deletion" &&
    rules?.refusedDeletion?.value === "offer_opt_out" &&
    config.SELLS_OR_SHARES_PERSONAL_DATA;
  const optOutUrl = new URL("/privacy/request", config.PUBLIC_BASE_URL);
  optOutUrl.searchParams.set("kind", "opt_out");
  return {
    kind: request.kind,
    outcome: notice.outcome,
    explanation: notice.explanation,
    ...(notice.ground ? { reason: denialGrounds[notice.ground].requester, ground: notice.ground } : {}),
    ...(notice.appealBy ? { appealUrl: appealUrl.toString(), appealBy: notice.appealBy } : {}),
    ...(notice.outcome !== "fulfilled" ? recourseOfRefusal(rules, disputeResolutionOf(config)) : {}),
    ...(offerOptOut && rules ? { offerOptOut: { url: optOutUrl.toString(), cite: rules.rights.optOutSale.cite } } : {}),
  };
}
