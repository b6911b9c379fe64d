import { createRoute } from "@hono/zod-openapi";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "../../http/router.js";
import { requestIdParam } from "../../http/shared-schemas.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { idempotencyHeaders, intakeReceipt } from "../intake/schemas.js";
import { listTeam } from "../staff/team.js";
import { describeRequest } from "./describe-request.js";
import { recordRequest } from "./record-request.js";
import { countsCap, listReviewQueue } from "./review-queue.js";
import { queuePage, queueQuery, requestDetail, staffIntakeBody, teamList } from "./schemas.js";

const security = [{ bearer: [] }];
const everyone = requireStaff("admin", "reviewer", "auditor");

const queue = createRoute({
  method: "get",
  path: "/v1/review/requests",
  operationId: "listReviewQueue",
  tags: ["Review"],
  summary: "The review queue, soonest deadline first",
  description:
    "Requests still owed an answer (or of the statuses asked for), soonest deadline first, a page at a time by " +
    "cursor, with the counts of the open queue's buckets.",
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
  operationId: "describeRequest",
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

const record = createRoute({
  method: "post",
  path: "/v1/review/requests",
  operationId: "recordRequest",
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

const team = createRoute({
  method: "get",
  path: "/v1/review/staff",
  operationId: "listTeam",
  tags: ["Review"],
  summary: "The privacy team, by name",
  description:
    "Every account with its name, e-mail and role, active ones marked: whom to assign a request to (active " +
    "reviewers and admins) and whose name stands on a trail entry.",
  security,
  middleware: [everyone] as const,
  responses: {
    200: { description: "The team, by name.", content: { "application/json": { schema: teamList } } },
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
  .openapi(team, async (c) => c.json({ staff: await listTeam(c.get("ctx").db) }, 200))
  .openapi(detail, async (c) =>
    c.json(await describeRequest({ ctx: c.get("ctx"), input: { requestId: c.req.valid("param").id } }), 200),
  )
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
