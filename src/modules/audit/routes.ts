import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { requests } from "../../db/schema/index.js";
import { endOfDay, startOfDay } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { createRouter, problemContent, staffProblems } from "../../http/router.js";
import { requestIdParam } from "../../http/shared-schemas.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { describeError } from "../../log-safe-error.js";
import { type AuditRow, type AuditScope, auditTrail, csvHeader, csvLine } from "./export-audit-trail.js";
import { auditEvents, auditPeriodQuery, auditQuery, auditVerifyQuery, trailReport } from "./schemas.js";
import { verifyAuditTrails } from "./verify-trails.js";

const security = [{ bearer: [] }];
const exported = {
  "application/json": { schema: auditEvents },
  "text/csv": { schema: z.string() },
};

const auditOfRequest = createRoute({
  method: "get",
  path: "/v1/review/requests/{id}/audit",
  operationId: "exportRequestAuditTrail",
  tags: ["Audit"],
  summary: "A request's audit trail as JSON or CSV",
  description: "Every event on the request's trail, in the order it was written, with each entry's hash.",
  security,
  middleware: [requireStaff("admin", "reviewer", "auditor")] as const,
  request: { params: requestIdParam, query: auditQuery },
  responses: {
    200: { description: "Oldest first.", content: exported },
    404: { description: "No such request.", content: problemContent },
    ...staffProblems,
  },
});

const auditOfPeriod = createRoute({
  method: "get",
  path: "/v1/audit/events",
  operationId: "exportAuditEvents",
  tags: ["Audit"],
  summary: "Every audit entry of a period as JSON or CSV",
  description:
    "Both trails, requests' and the general one (staff, roles, tokens, retried messages, imports), over [from, to), " +
    "oldest first, streamed.",
  security,
  middleware: [requireStaff("admin", "auditor")] as const,
  request: { query: auditPeriodQuery },
  responses: {
    200: { description: "Oldest first, streamed.", content: exported },
    422: { description: "The period is invalid.", content: problemContent },
    ...staffProblems,
  },
});

const verify = createRoute({
  method: "get",
  path: "/v1/audit/verify",
  operationId: "verifyAuditTrails",
  tags: ["Audit"],
  summary: "Check that no audit entry was changed, removed or inserted",
  description:
    "Recomputes the hash chains (one request's, or every request's and the general trail) and names the first entry " +
    "of each chain that does not match. The same check as `npm run cli -- audit:verify`.",
  security,
  middleware: [requireStaff("admin", "auditor")] as const,
  request: { query: auditVerifyQuery },
  responses: {
    200: {
      description: "The report; `intact` is false when a chain is broken.",
      content: { "application/json": { schema: trailReport } },
    },
    ...staffProblems,
  },
});

export const auditRoutes = createRouter<StaffEnv>()
  .openapi(auditOfRequest, async (c) => {
    const { id } = c.req.valid("param");
    const [found] = await c.get("ctx").db.select({ id: requests.id }).from(requests).where(eq(requests.id, id));
    if (!found) throw new DomainError("not_found", "No such request.");
    return exportTrail(c, { requestId: id }, c.req.valid("query").format);
  })
  .openapi(auditOfPeriod, (c) => {
    const query = c.req.valid("query");
    const zone = c.get("ctx").config.BUSINESS_TIMEZONE;
    const from = isDay(query.from) ? startOfDay(query.from, zone) : new Date(query.from);
    // The end of 9999-12-31 is in the year 10000, which PostgreSQL reads no more than a person means it.
    const to = isDay(query.to) ? minDate(endOfDay(query.to, zone), lastInstant) : new Date(query.to);
    if (from >= to) {
      throw new DomainError("validation", "The period ends before it begins.", [
        { field: "to", message: "must be after from" },
      ]);
    }
    return exportTrail(c, { from, to }, query.format);
  })
  .openapi(verify, async (c) => {
    const { requestId } = c.req.valid("query");
    return c.json(await verifyAuditTrails(c.get("ctx").db, requestId ? { requestId } : {}), 200);
  });

const isDay = (bound: string) => bound.length === 10;
const lastInstant = new Date("9999-12-31T23:59:59.999Z");
const minDate = (a: Date, b: Date) => (a < b ? a : b);

/**
 * Streams the trail a batch at a time, as a JSON array or CSV, so a year's export never sits whole in memory. The
 * status is sent before the first batch is read: a failure after it ends the stream short (so the client sees a
 * broken file, not a complete one) and is logged like any other, by its kind and never its message.
 */
function exportTrail(c: Context<StaffEnv>, scope: AuditScope, format: "json" | "csv"): Response {
  const batches = auditTrail(c.get("ctx").db, scope);
  const log = c.get("log");
  const encoder = new TextEncoder();
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? csvHeader : "["));
    },
    async pull(controller) {
      let next: IteratorResult<AuditRow[]>;
      try {
        next = await batches.next();
      } catch (error) {
        log.error({ route: c.req.routePath, ...describeError(error as Error) }, "audit export failed midway");
        controller.error(new Error("The audit export failed."));
        return;
      }
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
