import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "../../http/router.js";
import { requestIdParam } from "../../http/shared-schemas.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { type AuditScope, assertRequestExists, auditTrail, csvHeader, csvLine } from "../audit/export-audit-trail.js";
import { idempotencyHeaders, intakeReceipt } from "../intake/schemas.js";
import { describeRequest } from "./describe-request.js";
import { recordRequest } from "./record-request.js";
import { countsCap, listReviewQueue } from "./review-queue.js";
import {
  auditEvents,
  auditPeriodQuery,
  auditQuery,
  queuePage,
  queueQuery,
  requestDetail,
  staffIntakeBody,
} from "./schemas.js";

const security = [{ bearer: [] }];
const everyone = requireStaff("admin", "reviewer", "auditor");

const queue = createRoute({
  method: "get",
  path: "/v1/review/requests",
  tags: ["Review"],
  summary: "The review queue, soonest deadline first",
  security,
  middleware: [everyone] as const,
  request: { query: queueQuery },
  responses: {
    200: { description: "A page of the queue.", content: { "application/json": { schema: queuePage } } },
    422: { description: "A filter or the cursor is invalid.", content: problemContent },
    ...staffProblems,
  },
});

const detail = createRoute({
  method: "get",
  path: "/v1/review/requests/{id}",
  tags: ["Review"],
  summary: "Everything about one request",
  description:
    "The request, its clocks with their basis, the audit timeline, messages, documents, its appeal, and the " +
    "subject's other requests with the number of access requests in the 12 months before it.",
  security,
  middleware: [everyone] as const,
  request: { params: requestIdParam },
  responses: {
    200: { description: "The request.", content: { "application/json": { schema: requestDetail } } },
    404: { description: "No such request.", content: problemContent },
    ...staffProblems,
  },
});

const auditOfRequest = createRoute({
  method: "get",
  path: "/v1/review/requests/{id}/audit",
  tags: ["Audit"],
  summary: "A request's audit trail as JSON or CSV",
  security,
  middleware: [everyone] as const,
  request: { params: requestIdParam, query: auditQuery },
  responses: {
    404: { description: "No such request.", content: problemContent },
    200: {
      description: "Oldest first.",
      content: {
        "application/json": { schema: auditEvents },
        "text/csv": { schema: z.string() },
      },
    },
    ...staffProblems,
  },
});

const auditOfPeriod = createRoute({
  method: "get",
  path: "/v1/audit/events",
  tags: ["Audit"],
  summary: "Every audit event of a period [from, to) as JSON or CSV",
  security,
  middleware: [requireStaff("admin", "auditor")] as const,
  request: { query: auditPeriodQuery },
  responses: {
    200: {
      description: "Oldest first, streamed.",
      content: {
        "application/json": { schema: auditEvents },
        "text/csv": { schema: z.string() },
      },
    },
    422: { description: "The period is invalid.", content: problemContent },
    ...staffProblems,
  },
});

const record = createRoute({
  method: "post",
  path: "/v1/review/requests",
  tags: ["Review"],
  summary: "Record a request that came by post, phone or e-mail",
  description: "Deadlines run from `receivedAt`, the true receipt time. A scan of a letter may be attached.",
  security,
  middleware: [requireStaff("admin", "reviewer"), jsonBody(8 * 1024 * 1024)] as const,
  request: {
    headers: idempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: staffIntakeBody } } },
  },
  responses: {
    201: {
      description: "Recorded; the requester is acknowledged.",
      content: { "application/json": { schema: intakeReceipt } },
    },
    ...jsonBodyProblems,
    ...staffProblems,
  },
});

export const reviewRoutes = createRouter<StaffEnv>()
  .openapi(queue, async (c) => {
    const page = await listReviewQueue({ ctx: c.get("ctx"), actor: c.get("actor"), input: c.req.valid("query") });
    return c.json(
      {
        ...page,
        items: page.items.map((item) => ({ ...item, receivedAt: item.receivedAt.toISOString() })),
        countsCappedAt: countsCap,
      },
      200,
    );
  })
  .openapi(detail, async (c) =>
    c.json(await describeRequest({ ctx: c.get("ctx"), input: { requestId: c.req.valid("param").id } }), 200),
  )
  .openapi(auditOfRequest, async (c) => {
    const { id } = c.req.valid("param");
    await assertRequestExists(c.get("ctx").db, id);
    return exportTrail(c, { requestId: id }, c.req.valid("query").format);
  })
  .openapi(auditOfPeriod, (c) => {
    const query = c.req.valid("query");
    return exportTrail(c, { from: new Date(query.from), to: new Date(query.to) }, query.format);
  })
  .openapi(record, async (c) => {
    const { receipt, replayed } = await recordRequest({
      ctx: c.get("ctx"),
      actor: c.get("actor"),
      input: c.req.valid("json"),
      idempotencyKey: c.req.valid("header")["idempotency-key"],
    });
    if (replayed) c.header("Idempotent-Replayed", "true");
    return c.json(receipt, 201);
  });

/** Streams the trail a batch at a time, as a JSON array or CSV, so a year's export never sits whole in memory. */
function exportTrail(c: Context<StaffEnv>, scope: AuditScope, format: "json" | "csv"): Response {
  const batches = auditTrail(c.get("ctx").db, scope);
  const encoder = new TextEncoder();
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? csvHeader : "["));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) {
        if (format === "json") controller.enqueue(encoder.encode("]"));
        controller.close();
        return;
      }
      const text = next.value
        .map((row) => {
          if (format === "csv") return csvLine(row);
          const line = `${first ? "" : ","}${JSON.stringify(row)}`;
          first = false;
          return line;
        })
        .join("");
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const type = format === "csv" ? "text/csv; charset=utf-8" : "application/json";
  const name = "requestId" in scope ? `audit-${scope.requestId}` : "audit";
  return new Response(body, {
    headers: { "content-type": type, "content-disposition": `attachment; filename="${name}.${format}"` },
  });
}
