import { and, asc, count, desc, eq, gte, inArray, ne } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Executor } from "../../db/index.js";
import {
  appeals,
  complaints,
  controllers,
  outbox,
  requestDocuments,
  requestEvents,
  requests,
} from "../../db/schema/index.js";
import { subtractMonthsFromInstant } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { scopeOfSubject } from "../controllers/registry.js";
import { statementOf } from "../corrections/file-statement.js";
import { tasksOfRequest } from "../fulfilment/tasks.js";
import { packageOf } from "../packages/issue-package.js";

const accessKinds = ["access", "portability"] as const;

/**
 * Everything the team needs to decide a request: the request and its clocks with their basis, the audit timeline,
 * the messages sent or owed, filed documents, its appeal, the data systems' tasks, an access package's standing, a
 * correction statement, and the subject's other requests, among them how many
 * access requests came in the 12 months before this one (CA may refuse a third, §1798.130(b)).
 */
export async function describeRequest({ ctx, input }: { ctx: AppContext; input: { requestId: string } }) {
  const { db } = ctx;
  const [request] = await db.select().from(requests).where(eq(requests.id, input.requestId));
  if (!request) throw new DomainError("not_found", "No such request.");
  const [
    events,
    messages,
    documents,
    [appeal],
    related,
    [accessCount],
    tasks,
    correctionStatement,
    pkg,
    scope,
    parts,
    complaintsAbout,
  ] = await Promise.all([
    db.select().from(requestEvents).where(eq(requestEvents.requestId, request.id)).orderBy(asc(requestEvents.id)),
    db
      .select({
        id: outbox.id,
        template: outbox.template,
        recipient: outbox.recipient,
        state: outbox.state,
        attempts: outbox.attempts,
        createdAt: outbox.createdAt,
        sentAt: outbox.sentAt,
      })
      .from(outbox)
      .where(eq(outbox.requestId, request.id))
      .orderBy(asc(outbox.id)),
    db
      .select({
        id: requestDocuments.id,
        kind: requestDocuments.kind,
        mediaType: requestDocuments.mediaType,
        sizeBytes: requestDocuments.sizeBytes,
        createdAt: requestDocuments.createdAt,
      })
      .from(requestDocuments)
      .where(eq(requestDocuments.requestId, request.id)),
    db.select().from(appeals).where(eq(appeals.requestId, request.id)),
    db
      .select({
        id: requests.id,
        trackingNumber: requests.trackingNumber,
        kind: requests.kind,
        status: requests.status,
        receivedAt: requests.receivedAt,
        duplicateOf: requests.duplicateOf,
      })
      .from(requests)
      .where(and(eq(requests.subjectEmail, request.subjectEmail), ne(requests.id, request.id)))
      .orderBy(desc(requests.receivedAt))
      .limit(50),
    db
      .select({ n: count() })
      .from(requests)
      .where(
        and(
          eq(requests.subjectEmail, request.subjectEmail),
          inArray(requests.kind, [...accessKinds]),
          gte(requests.receivedAt, subtractMonthsFromInstant(request.receivedAt, 12, ctx.config.BUSINESS_TIMEZONE)),
          ne(requests.id, request.id),
        ),
      ),
    tasksOfRequest(db, request.id),
    statementOf(ctx, request.id),
    packageOf(ctx, request.id),
    scopeOfSubject(db, ctx.config.TOKEN_SECRET, { email: request.subjectEmail, accountId: request.subjectAccountId }),
    partsOf(db, request.routedFrom ?? request.id),
    db
      .select({
        id: complaints.id,
        trackingNumber: complaints.trackingNumber,
        status: complaints.status,
        receivedAt: complaints.receivedAt,
        answerBy: complaints.answerBy,
      })
      .from(complaints)
      .where(eq(complaints.requestId, request.id))
      .orderBy(asc(complaints.receivedAt)),
  ]);
  return {
    request,
    respondByBasis: basisOfDeadline(request),
    events,
    messages,
    documents,
    appeal: appeal ?? null,
    related,
    accessRequestsInPrior12Months: accessCount?.n ?? 0,
    tasks,
    correctionStatement,
    accessPackage: pkg,
    scope,
    parts,
    complaints: complaintsAbout,
  };
}

/** The parts split from a request for its controllers, by controller. */
function partsOf(db: Executor, filedId: string) {
  return db
    .select({
      id: requests.id,
      trackingNumber: requests.trackingNumber,
      controller: { id: controllers.id, legalName: controllers.legalName },
      status: requests.status,
      forwardBy: requests.forwardBy,
      forwardedAt: requests.forwardedAt,
      acknowledgedAt: requests.controllerAcknowledgedAt,
      reference: requests.controllerReference,
    })
    .from(requests)
    .innerJoin(controllers, eq(controllers.id, requests.controllerId))
    .where(eq(requests.routedFrom, filedId))
    .orderBy(asc(controllers.legalName), asc(requests.id));
}

/** Which clock sets `respondBy`: the earliest answering clock, or after an extension, the limit it stayed within. */
function basisOfDeadline(request: typeof requests.$inferSelect): string | null {
  if (request.extendedAt) {
    const limit = request.clocks.find((clock) => clock.name === "extension_limit");
    return `Extended within ${limit?.basis ?? "the rules' extension"}`;
  }
  const answering = request.clocks.find(
    (clock) => clock.dueOn === request.respondBy && clock.name !== "acknowledge" && clock.name !== "extension_limit",
  );
  return answering?.basis ?? null;
}
