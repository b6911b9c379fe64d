import { asc, desc, eq } from "drizzle-orm";
import type { Executor } from "../../db/index.js";
import { complaints, requests } from "../../db/schema/index.js";
import type { ComplaintStatus } from "../../domain/complaints.js";
import { DomainError } from "../../domain/errors.js";

const listed = {
  id: complaints.id,
  trackingNumber: complaints.trackingNumber,
  status: complaints.status,
  jurisdiction: complaints.jurisdiction,
  complainantName: complaints.complainantName,
  receivedAt: complaints.receivedAt,
  acknowledgedAt: complaints.acknowledgedAt,
  answerBy: complaints.answerBy,
  deadlockSentAt: complaints.deadlockSentAt,
  requestId: complaints.requestId,
  requestTrackingNumber: requests.trackingNumber,
};

/**
 * The complaints queue: open ones by the day their final answer is due, soonest first; answered ones (when asked
 * for) most recent first. At most `limit`, since an open queue that long is itself the news.
 */
export async function listComplaints(db: Executor, status: ComplaintStatus = "open", limit = 200) {
  return db
    .select(listed)
    .from(complaints)
    .leftJoin(requests, eq(requests.id, complaints.requestId))
    .where(eq(complaints.status, status))
    .orderBy(status === "open" ? asc(complaints.answerBy) : desc(complaints.answeredAt), asc(complaints.id))
    .limit(limit);
}

export type ListedComplaint = Awaited<ReturnType<typeof listComplaints>>[number];

/** One complaint, whole: what the complainant wrote, the clocks with their basis, and the answer once given. */
export async function describeComplaint(db: Executor, id: string) {
  const [found] = await db
    .select({
      ...listed,
      complainantEmail: complaints.complainantEmail,
      requestReference: complaints.requestReference,
      language: complaints.language,
      statement: complaints.statement,
      acknowledgeBy: complaints.acknowledgeBy,
      acknowledgeBasis: complaints.acknowledgeBasis,
      answerBasis: complaints.answerBasis,
      outcome: complaints.outcome,
      explanation: complaints.explanation,
      answeredBy: complaints.answeredBy,
      answeredAt: complaints.answeredAt,
    })
    .from(complaints)
    .leftJoin(requests, eq(requests.id, complaints.requestId))
    .where(eq(complaints.id, id));
  if (!found) throw new DomainError("not_found", "There is no such complaint.");
  return found;
}

export type DescribedComplaint = Awaited<ReturnType<typeof describeComplaint>>;
