import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { appeals, outbox, requestEvents, requests, tasks } from "../../db/schema/index.js";
import type { RequestAuditAction } from "../../domain/audit-actions.js";
import { isDayOver } from "../../domain/calendar.js";
import { isAnswerPending } from "../../domain/lifecycle.js";
import { type RequesterMessage, requesterMessages } from "../../mail/messages.js";
import { packageStandingOf } from "../packages/unlock-package.js";

/**
 * What the requester sees on the status page: the steps of their request, never the team's own (who claimed it,
 * notes, a data system's retries). Each is named by its action; the page words it in the requester's language.
 */
export const requesterSteps = [
  "received",
  "verification_started",
  "verification_resent",
  "verified",
  "verification_locked",
  "closed_unverified",
  "document_filed",
  "information_requested",
  "extended",
  "routed_to_controller",
  "forwarded_to_controller",
  "fulfilling",
  "partly_fulfilling",
  "denied",
  "completed",
  "withdrawn",
  "marked_duplicate",
  "appeal_received",
  "appeal_decided",
  "package_reissued",
  "package_downloaded",
  "correction_statement_filed",
] as const satisfies readonly RequestAuditAction[];
export type RequesterStep = (typeof requesterSteps)[number];

/**
 * Everything the status page shows about one request the requester has identified (its tracking number and their
 * address): its steps, the messages we sent them, how far our systems are, and what they can still do: download
 * their copy, appeal a refusal, withdraw a request still being answered, or, as an agent, send proof of authority.
 */
export async function requesterView(ctx: AppContext, requestId: string) {
  const { db } = ctx;
  const [request] = await db.select().from(requests).where(eq(requests.id, requestId));
  if (!request) return undefined;
  const [steps, sent, work, [appeal], pkg] = await Promise.all([
    db
      .select({ action: requestEvents.action, at: requestEvents.at })
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, request.id), inArray(requestEvents.action, [...requesterSteps])))
      .orderBy(asc(requestEvents.id)),
    db
      .select({ template: outbox.template, sentAt: outbox.sentAt })
      .from(outbox)
      .where(
        and(
          eq(outbox.requestId, request.id),
          inArray(outbox.template, [...requesterMessages]),
          isNotNull(outbox.sentAt),
        ),
      )
      .orderBy(asc(outbox.id)),
    db.select({ status: tasks.status }).from(tasks).where(eq(tasks.requestId, request.id)),
    db.select().from(appeals).where(eq(appeals.requestId, request.id)),
    packageStandingOf(ctx, request.id),
  ]);
  const at = ctx.now();
  const refused =
    request.status === "denied" || (request.status === "completed" && request.outcome === "partly_fulfilled");
  return {
    trackingNumber: request.trackingNumber,
    kind: request.kind,
    status: request.status,
    receivedAt: request.receivedAt,
    respondBy: appeal && !appeal.decidedAt ? appeal.respondBy : request.respondBy,
    extended: request.extendedAt !== null,
    steps: steps as { action: RequesterStep; at: Date }[],
    messages: sent as { template: RequesterMessage; sentAt: Date }[],
    systems: {
      total: work.length,
      finished: work.filter((task) => task.status === "done" || task.status === "not_applicable").length,
    },
    accessPackage: pkg,
    appealBy:
      refused && !appeal && request.appealBy && !isDayOver(request.appealBy, at, ctx.config.BUSINESS_TIMEZONE)
        ? request.appealBy
        : null,
    withdrawable: isAnswerPending(request.status),
    /** Answered or closed, with no appeal pending: there is no date left to promise. */
    answered: !isAnswerPending(request.status) && request.status !== "appeal_received",
    takesProof:
      request.submitterRole === "authorized_agent" &&
      (request.status === "verifying" || request.status === "in_review"),
  };
}

export type RequesterView = NonNullable<Awaited<ReturnType<typeof requesterView>>>;
