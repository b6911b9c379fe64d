import { randomUUID } from "node:crypto";
import type { AppContext } from "../../context.js";
import { isUniqueViolation } from "../../db/errors.js";
import { complaints } from "../../db/schema/index.js";
import { anonymousRequester } from "../../domain/actor.js";
import { receiptDate } from "../../domain/calendar.js";
import { type ComplaintClocks, complaintClocks } from "../../domain/complaints.js";
import { type Jurisdiction, type Language, resolveResidence } from "../../domain/vocabulary.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import { newTrackingNumber } from "../intake/tracking-number.js";
import { mailInsert } from "../outbox/enqueue.js";
import { findRequestOfRequester } from "../requester-lookup/find-request.js";
import { teamNoticeInsert } from "./notices.js";

export interface ComplaintInput {
  name: string;
  email: string;
  /** The request complained of, if the complainant names one. */
  trackingNumber?: string | undefined;
  /** Where the complainant lives, when no request of theirs says it. */
  jurisdiction?: string | undefined;
  statement: string;
  language: Language;
}

export type ComplaintReceipt = ComplaintClocks & { trackingNumber: string; receivedAt: Date };

/**
 * Records a complaint with its own tracking number and clocks, and acknowledges it at once, in one transaction, so
 * a complaint answered 2xx is kept and acknowledged. It names the request complained of only when that request is
 * the complainant's (the number and their address match), so the answer and the e-mails reveal nothing of anyone
 * else's request; a number that does not match is kept as written, for the team to read.
 */
export async function fileComplaint(ctx: AppContext, input: ComplaintInput): Promise<ComplaintReceipt> {
  const request = input.trackingNumber
    ? await findRequestOfRequester(ctx.db, { trackingNumber: input.trackingNumber, email: input.email })
    : undefined;
  const jurisdiction: Jurisdiction =
    request?.jurisdiction ?? (input.jurisdiction ? resolveResidence(input.jurisdiction).jurisdiction : "other");
  const receivedAt = ctx.now();
  const clocks = complaintClocks(
    jurisdiction,
    receiptDate(receivedAt, ctx.config.BUSINESS_TIMEZONE),
    ctx.config.COMPLAINT_ANSWER_WEEKS,
  );
  for (let attempt = 1; ; attempt++) {
    const id = randomUUID();
    const trackingNumber = newTrackingNumber("RC");
    try {
      await ctx.db.transaction(async (tx) => {
        await tx.insert(complaints).values({
          id,
          trackingNumber,
          requestId: request?.id ?? null,
          requestReference: request ? null : (input.trackingNumber ?? null),
          jurisdiction,
          language: input.language,
          complainantName: input.name,
          complainantEmail: input.email,
          statement: input.statement,
          receivedAt,
          ...clocks,
          acknowledgedAt: receivedAt,
        });
        await recordAuditEvent(tx, {
          subjectType: "complaint",
          subjectId: id,
          actor: anonymousRequester,
          at: receivedAt,
          action: "complaint_received",
          data: { trackingNumber, requestId: request?.id ?? null, jurisdiction, answerBy: clocks.answerBy },
        });
        await tx.execute(
          mailInsert({
            idempotencyKey: `complaint:${id}:received`,
            template: "complaint_received",
            payload: {
              recipientName: input.name,
              complaintNumber: trackingNumber,
              ...(request ? { requestTrackingNumber: request.trackingNumber } : {}),
              language: input.language,
              receivedAt: receivedAt.toISOString(),
              answerBy: clocks.answerBy,
            },
            recipient: input.email,
            dueAt: receivedAt,
          }),
        );
        await tx.execute(
          teamNoticeInsert(
            ctx.config,
            { id, trackingNumber, jurisdiction, answerBy: clocks.answerBy },
            request?.trackingNumber,
            "filed",
            receivedAt,
          ),
        );
      });
      return { trackingNumber, receivedAt, ...clocks };
    } catch (error) {
      // 40 random bits make a clash rare; a second draw makes it vanishingly so.
      if (attempt < 3 && isUniqueViolation(error, "complaints_tracking_number_unique")) continue;
      throw error;
    }
  }
}
