import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Transaction } from "../../db/index.js";
import { complaints, requests } from "../../db/schema/index.js";
import type { StaffActor } from "../../domain/actor.js";
import type { ComplaintOutcome } from "../../domain/complaints.js";
import { DomainError } from "../../domain/errors.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import { mailInsert } from "../outbox/enqueue.js";
import { type Complaint, noticeOf } from "./notices.js";

const lockComplaint = async (tx: Transaction, id: string) => {
  const [complaint] = await tx.select().from(complaints).where(eq(complaints.id, id)).for("update");
  if (!complaint) throw new DomainError("not_found", "There is no such complaint.");
  return complaint;
};

/**
 * The team's final answer to a complaint: its outcome and explanation, sent to the complainant with where they may
 * go if not satisfied. A complaint is answered once.
 */
export async function answerComplaint(
  ctx: AppContext,
  id: string,
  actor: StaffActor,
  answer: { outcome: ComplaintOutcome; explanation: string },
): Promise<Complaint> {
  const at = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const complaint = await lockComplaint(tx, id);
    if (complaint.status === "answered") throw new DomainError("conflict", "This complaint was answered already.");
    // As with an appeal, whoever decided the request does not judge a complaint about it.
    const [request] = complaint.requestId
      ? await tx.select({ decidedBy: requests.decidedBy }).from(requests).where(eq(requests.id, complaint.requestId))
      : [];
    if (request?.decidedBy && request.decidedBy === actor.id) {
      throw new DomainError("forbidden", "You decided the request complained of, so someone else answers this.");
    }
    const [answered] = await tx
      .update(complaints)
      .set({ status: "answered", ...answer, answeredBy: actor.id, answeredAt: at })
      .where(eq(complaints.id, id))
      .returning();
    await recordAuditEvent(tx, {
      subjectType: "complaint",
      subjectId: id,
      actor,
      at,
      action: "complaint_answered",
      data: { outcome: answer.outcome },
    });
    await tx.execute(
      mailInsert({
        idempotencyKey: `complaint:${id}:answered`,
        template: "complaint_answered",
        payload: { ...(await noticeOf(tx, ctx.config, complaint)), ...answer },
        recipient: complaint.complainantEmail,
        dueAt: at,
      }),
    );
    return answered as Complaint;
  });
}
