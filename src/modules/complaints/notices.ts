import { eq } from "drizzle-orm";
import { type Config, disputeResolutionOf } from "../../config.js";
import type { Transaction } from "../../db/index.js";
import { type complaints, requests } from "../../db/schema/index.js";
import { rulesInEffect } from "../../domain/jurisdictions/index.js";
import { mailInsert } from "../outbox/enqueue.js";

export type Complaint = typeof complaints.$inferSelect;

/**
 * Where a complainant not satisfied may go: the company's independent dispute-resolution provider, when its policy
 * names one, and the regulator of the complaint's law (the ICO for the UK).
 */
export function whereToGoNext(
  config: Pick<Config, "DISPUTE_RESOLUTION_NAME" | "DISPUTE_RESOLUTION_URL">,
  complaint: Pick<Complaint, "jurisdiction" | "receivedAt">,
): { name: string; url: string }[] {
  const provider = disputeResolutionOf(config);
  const rules =
    complaint.jurisdiction === "other"
      ? undefined
      : rulesInEffect(complaint.jurisdiction, complaint.receivedAt.toISOString().slice(0, 10));
  return [...(provider ? [provider] : []), ...(rules ? [rules.regulator.value] : [])];
}

/**
 * What the answer and the deadlock letter both say: whose complaint, the request it names, in which language, and
 * where the complainant may go next.
 */
export async function noticeOf(
  tx: Transaction,
  config: Pick<Config, "DISPUTE_RESOLUTION_NAME" | "DISPUTE_RESOLUTION_URL">,
  complaint: Complaint,
) {
  const [request] = complaint.requestId
    ? await tx
        .select({ trackingNumber: requests.trackingNumber })
        .from(requests)
        .where(eq(requests.id, complaint.requestId))
    : [];
  return {
    recipientName: complaint.complainantName,
    complaintNumber: complaint.trackingNumber,
    ...(request ? { requestTrackingNumber: request.trackingNumber } : {}),
    language: complaint.language,
    goNext: whereToGoNext(config, complaint),
  };
}

/**
 * The team's e-mail about a complaint: to the review team when it comes in, to the escalation address when its answer
 * day passed without an answer and the deadlock letter went out.
 */
export function teamNoticeInsert(
  config: Pick<Config, "PUBLIC_BASE_URL" | "REVIEW_TEAM_EMAIL" | "ESCALATION_EMAIL">,
  complaint: Pick<Complaint, "id" | "trackingNumber" | "jurisdiction" | "answerBy">,
  requestTrackingNumber: string | undefined,
  event: "filed" | "deadlocked",
  at: Date,
) {
  return mailInsert({
    idempotencyKey: `complaint:${complaint.id}:team:${event}`,
    template: "complaint_for_team",
    payload: {
      event,
      complaintNumber: complaint.trackingNumber,
      complaintUrl: new URL(`/staff/complaints/${complaint.id}`, config.PUBLIC_BASE_URL).toString(),
      jurisdiction: complaint.jurisdiction,
      ...(requestTrackingNumber ? { requestTrackingNumber } : {}),
      answerBy: complaint.answerBy,
    },
    recipient: event === "filed" ? config.REVIEW_TEAM_EMAIL : config.ESCALATION_EMAIL,
    dueAt: at,
  });
}
