import { createRoute, z } from "@hono/zod-openapi";
import { DomainError } from "../../domain/errors.js";
import { appealOutcomes } from "../../domain/vocabulary.js";
import { readForm } from "../../http/form-body.js";
import { jsonBody } from "../../http/json-body.js";
import { rateLimit } from "../../http/rate-limit.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "../../http/router.js";
import { paragraph, requesterKeys } from "../../http/shared-schemas.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { lookupLimits } from "../requester-lookup/limits.js";
import { type ActionSpec, addAction } from "../review/action-routes.js";
import { explanation, version } from "../review/schemas.js";
import { decideAppeal } from "./decide-appeal.js";
import { type AppealFiling, fileAppeal } from "./file-appeal.js";
import { listOpenAppeals } from "./list-appeals.js";

export const appealBody = z
  .object({
    ...requesterKeys,
    statement: paragraph(10_000)
      .pipe(z.string().trim().min(1, "must say why you disagree"))
      .openapi({ description: "Why the decision should change." }),
  })
  .strict()
  .openapi("Appeal");

/** Appeals by API and page together: each attempt tests a tracking number and an address. */
export const appealAttempts = rateLimit(async (c) => {
  const body = (c.req.header("content-type") ?? "").startsWith("application/json")
    ? ((await c.req.json().catch(() => ({}))) as { trackingNumber?: unknown })
    : await readForm(c);
  return lookupLimits(c, "appeal", body?.trackingNumber);
});

const file = createRoute({
  method: "post",
  path: "/v1/appeals",
  operationId: "fileAppeal",
  tags: ["Appeals"],
  summary: "Appeal a refusal",
  description: "Within the window the decision e-mail gives; answered by the date in the reply.",
  middleware: [jsonBody(32 * 1024), appealAttempts] as const,
  request: { body: { required: true, content: { "application/json": { schema: appealBody } } } },
  responses: {
    201: {
      description: "Filed; the requester is acknowledged.",
      content: {
        "application/json": { schema: z.object({ trackingNumber: z.string(), respondBy: z.iso.date() }) },
      },
    },
    404: { description: "No request with this tracking number and address.", content: problemContent },
    409: { description: "Nothing to appeal, already appealed, or the window has closed.", content: problemContent },
    429: { description: "Too many attempts from this address.", content: problemContent },
    ...jsonBodyProblems,
  },
});

const openAppeal = z
  .object({
    requestId: z.uuid(),
    trackingNumber: z.string(),
    jurisdiction: z.string(),
    receivedAt: z.iso.datetime(),
    respondBy: z.iso.date(),
    respondByBasis: z.string(),
    originalDecisionBy: z
      .uuid()
      .nullable()
      .openapi({ description: "Who decided the request, and so may not decide this." }),
    version: z.number().int().openapi({ description: "The request's version, for the decision." }),
  })
  .openapi("OpenAppeal");

const open = createRoute({
  method: "get",
  path: "/v1/review/appeals",
  operationId: "listOpenAppeals",
  tags: ["Appeals"],
  summary: "Appeals to decide, soonest deadline first",
  description: "Each with its own deadline and basis, and who decided the request (who may not decide its appeal).",
  security: [{ bearer: [] }],
  middleware: [requireStaff("admin", "reviewer", "auditor")] as const,
  responses: {
    200: {
      description: "Open appeals.",
      content: { "application/json": { schema: z.object({ items: z.array(openAppeal) }) } },
    },
    ...staffProblems,
  },
});

/** What each refusal to file an appeal tells the requester, on the page and in the API. */
export const appealRefusals: Record<Exclude<AppealFiling["outcome"], "filed">, string> = {
  not_found: "We found no request with that tracking number and e-mail address. Check both and try again.",
  not_appealable: "This request has no refusal to appeal, or it was already appealed.",
  window_closed: "The time to appeal this decision has passed.",
};

export const appealRoutes = createRouter().openapi(file, async (c) => {
  const filing = await fileAppeal({ ctx: c.get("ctx"), input: c.req.valid("json") });
  if (filing.outcome !== "filed") {
    throw new DomainError(filing.outcome === "not_found" ? "not_found" : "conflict", appealRefusals[filing.outcome]);
  }
  return c.json({ trackingNumber: filing.trackingNumber, respondBy: filing.respondBy }, 201);
});

export const staffAppealRoutes = createRouter<StaffEnv>().openapi(open, async (c) =>
  c.json({ items: await listOpenAppeals(c.get("ctx").db) }, 200),
);

export const appealDecisionBody = z.object({ version, outcome: z.enum(appealOutcomes), explanation }).strict();

export const appealDecisionAction: ActionSpec<typeof appealDecisionBody> = {
  name: "appeal-decision",
  operationId: "decideAppeal",
  summary: "Decide the request's appeal",
  description:
    "By an admin who did not decide the request. A reversal, whole or partial, sends the request back to fulfilment; " +
    "anything short of a full reversal tells the requester whom to complain to.",
  body: appealDecisionBody,
  roles: ["admin"],
  run: decideAppeal,
};
addAction(staffAppealRoutes, appealDecisionAction);
