import { createRoute, z } from "@hono/zod-openapi";
import { complaintOutcomes, complaintStatuses } from "../../domain/complaints.js";
import { languages } from "../../domain/vocabulary.js";
import { clientIp } from "../../http/client-address.js";
import { jsonBody } from "../../http/json-body.js";
import { rateLimit } from "../../http/rate-limit.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "../../http/router.js";
import { emailAddress, jurisdictionInput, line, paragraph, trackingNumberInput } from "../../http/shared-schemas.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { explanation } from "../review/schemas.js";
import { answerComplaint } from "./answer-complaint.js";
import { describeComplaint, listComplaints } from "./complaint-queue.js";
import { fileComplaint } from "./file-complaint.js";

export const complaintBody = z
  .object({
    name: line(200).openapi({ example: "Jane Doe" }),
    email: emailAddress.openapi({ description: "Where we acknowledge and answer the complaint." }),
    trackingNumber: trackingNumberInput.optional().openapi({
      description:
        "The request complained of. It is linked only when it was made with this e-mail address; otherwise it is " +
        "kept as written, and the answer is the same either way.",
    }),
    jurisdiction: jurisdictionInput.optional().openapi({
      description: "Where the complainant lives, when no request of theirs is named.",
    }),
    statement: paragraph(10_000)
      .pipe(z.string().trim().min(1, "must say what went wrong"))
      .openapi({ description: "What went wrong, in the complainant's words." }),
    language: z.enum(languages).default("en").openapi({ description: "The language of our e-mails about it." }),
  })
  .strict()
  .openapi("Complaint");

/** Complaints by API and page together, counted per client address like the request form. */
export const complaintAttempts = rateLimit((c) => [
  {
    key: `complaint:ip:${clientIp(c)}`,
    limit: c.get("ctx").config.RATE_LIMIT_INTAKE_PER_IP_HOUR,
    windowSeconds: 3600,
  },
]);

const complaintReceipt = z
  .object({
    trackingNumber: z.string().openapi({ example: "RC-4T7W-2MZQ" }),
    receivedAt: z.iso.datetime(),
    acknowledgeBy: z.iso.date(),
    acknowledgeBasis: z.string(),
    answerBy: z.iso.date(),
    answerBasis: z.string(),
  })
  .openapi("ComplaintReceipt");

const file = createRoute({
  method: "post",
  path: "/v1/complaints",
  operationId: "fileComplaint",
  tags: ["Complaints"],
  summary: "Complain about how a request was handled",
  description:
    "Recorded with its own tracking number (RC-…) and acknowledged at once by e-mail (the UK's duty, DPA 2018 " +
    "s.164A, asks within 30 days); answered with the outcome by `answerBy`, or by then a letter naming where the " +
    "complainant may go.",
  middleware: [jsonBody(32 * 1024), complaintAttempts] as const,
  request: { body: { required: true, content: { "application/json": { schema: complaintBody } } } },
  responses: {
    201: { description: "Recorded and acknowledged.", content: { "application/json": { schema: complaintReceipt } } },
    429: { description: "Too many complaints from this address.", content: problemContent },
    ...jsonBodyProblems,
  },
});

const listedComplaint = z
  .object({
    id: z.uuid(),
    trackingNumber: z.string(),
    status: z.enum(complaintStatuses),
    jurisdiction: z.string(),
    complainantName: z.string(),
    receivedAt: z.iso.datetime(),
    acknowledgedAt: z.iso.datetime().nullable(),
    answerBy: z.iso.date(),
    deadlockSentAt: z.iso.datetime().nullable(),
    requestId: z.uuid().nullable(),
    requestTrackingNumber: z.string().nullable(),
  })
  .openapi("ListedComplaint");

const complaintDetail = listedComplaint
  .extend({
    complainantEmail: z.string(),
    requestReference: z.string().nullable().openapi({ description: "A request number given that did not match." }),
    language: z.enum(languages),
    statement: z.string(),
    acknowledgeBy: z.iso.date(),
    acknowledgeBasis: z.string(),
    answerBasis: z.string(),
    outcome: z.enum(complaintOutcomes).nullable(),
    explanation: z.string().nullable(),
    answeredBy: z.uuid().nullable(),
    answeredAt: z.iso.datetime().nullable(),
  })
  .openapi("ComplaintDetail");

const complaintIdParam = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: "The complaint's id." }),
});

const security = [{ bearer: [] }];

const queue = createRoute({
  method: "get",
  path: "/v1/review/complaints",
  operationId: "listComplaints",
  tags: ["Complaints"],
  summary: "Complaints, the soonest final answer first",
  description: "Open complaints by the day their answer is due; `status=answered` lists answered ones, latest first.",
  security,
  middleware: [requireStaff("admin", "reviewer", "auditor")] as const,
  request: { query: z.object({ status: z.enum(complaintStatuses).default("open") }) },
  responses: {
    200: {
      description: "The queue.",
      content: { "application/json": { schema: z.object({ items: z.array(listedComplaint) }) } },
    },
    422: { description: "The status is not one of ours.", content: problemContent },
    ...staffProblems,
  },
});

const detail = createRoute({
  method: "get",
  path: "/v1/review/complaints/{id}",
  operationId: "describeComplaint",
  tags: ["Complaints"],
  summary: "One complaint, whole",
  description:
    "What the complainant wrote, the request it names (if theirs), both clocks with their basis, the answer.",
  security,
  middleware: [requireStaff("admin", "reviewer", "auditor")] as const,
  request: { params: complaintIdParam },
  responses: {
    200: { description: "The complaint.", content: { "application/json": { schema: complaintDetail } } },
    404: { description: "No such complaint.", content: problemContent },
    ...staffProblems,
  },
});

export const complaintAnswerBody = z.object({ outcome: z.enum(complaintOutcomes), explanation }).strict();

const answer = createRoute({
  method: "post",
  path: "/v1/review/complaints/{id}/answer",
  operationId: "answerComplaint",
  tags: ["Complaints"],
  summary: "Send the final answer to a complaint",
  description:
    "Once, by a reviewer or admin who did not decide the request complained of. The complainant is told the " +
    "outcome, the explanation, and where to go if not satisfied (the dispute-resolution provider, the regulator).",
  security,
  middleware: [requireStaff("admin", "reviewer"), jsonBody(32 * 1024)] as const,
  request: {
    params: complaintIdParam,
    body: { required: true, content: { "application/json": { schema: complaintAnswerBody } } },
  },
  responses: {
    200: { description: "Answered.", content: { "application/json": { schema: complaintDetail } } },
    404: { description: "No such complaint.", content: problemContent },
    409: { description: "Answered already.", content: problemContent },
    ...jsonBodyProblems,
    ...staffProblems,
  },
});

const instants = <T extends Record<string, unknown>>(row: T) =>
  Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
  ) as { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export const complaintRoutes = createRouter().openapi(file, async (c) => {
  const receipt = await fileComplaint(c.get("ctx"), c.req.valid("json"));
  return c.json({ ...receipt, receivedAt: receipt.receivedAt.toISOString() }, 201);
});

export const staffComplaintRoutes = createRouter<StaffEnv>()
  .openapi(queue, async (c) => {
    const items = await listComplaints(c.get("ctx").db, c.req.valid("query").status);
    return c.json({ items: items.map(instants) }, 200);
  })
  .openapi(detail, async (c) =>
    c.json(instants(await describeComplaint(c.get("ctx").db, c.req.valid("param").id)), 200),
  )
  .openapi(answer, async (c) => {
    const ctx = c.get("ctx");
    const { id } = c.req.valid("param");
    await answerComplaint(ctx, id, c.get("actor"), c.req.valid("json"));
    return c.json(instants(await describeComplaint(ctx.db, id)), 200);
  });
