import { and, asc, eq, isNull, lte } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Database } from "../db/index.js";
import { complaints } from "../db/schema/index.js";
import { systemJob } from "../domain/actor.js";
import { receiptDate } from "../domain/calendar.js";
import { recordAuditEvent } from "../modules/audit/general-trail.js";
import { noticeOf, teamNoticeInsert } from "../modules/complaints/notices.js";
import { mailInsert } from "../modules/outbox/enqueue.js";

/**
 * Sends the deadlock letter for every open complaint whose final-answer day has come: why there is no answer yet,
 * and where the complainant may go now. Each is sent once (`deadlock_sent_at`); the complaint stays open for the
 * answer that still follows. Runnable by any number of job runners: each complaint is claimed with SKIP LOCKED.
 */
export async function runComplaintSweep(
  { db, config }: { db: Database; config: Config },
  now: Date,
  batchSize = 100,
): Promise<{ deadlockLetters: number }> {
  const today = receiptDate(now, config.BUSINESS_TIMEZONE).toString();
  const actor = systemJob("complaint-sweep");
  let sent = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(complaints)
        .where(and(eq(complaints.status, "open"), isNull(complaints.deadlockSentAt), lte(complaints.answerBy, today)))
        .orderBy(asc(complaints.answerBy))
        .limit(batchSize)
        .for("update", { skipLocked: true });
      for (const complaint of due) {
        const notice = await noticeOf(tx, config, complaint);
        await tx.update(complaints).set({ deadlockSentAt: now }).where(eq(complaints.id, complaint.id));
        await recordAuditEvent(tx, {
          subjectType: "complaint",
          subjectId: complaint.id,
          actor,
          at: now,
          action: "complaint_deadlock_sent",
        });
        await tx.execute(
          mailInsert({
            idempotencyKey: `complaint:${complaint.id}:deadlock`,
            template: "complaint_deadlock",
            payload: { ...notice, answerBy: complaint.answerBy },
            recipient: complaint.complainantEmail,
            dueAt: now,
          }),
        );
        await tx.execute(teamNoticeInsert(config, complaint, notice.requestTrackingNumber, "deadlocked", now));
      }
      return due.length;
    });
    sent += batch;
    if (batch < batchSize) return { deadlockLetters: sent };
  }
}
