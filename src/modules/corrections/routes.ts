import { createRoute, z } from "@hono/zod-openapi";
import { DomainError } from "../../domain/errors.js";
import { jsonBody } from "../../http/json-body.js";
import { rateLimit } from "../../http/rate-limit.js";
import { createRouter, jsonBodyProblems, problemContent } from "../../http/router.js";
import { paragraph, requesterKeys } from "../../http/shared-schemas.js";
import { lookupLimits } from "../requester-lookup/limits.js";
import { fileCorrectionStatement, statementWordLimit, wordsIn } from "./file-statement.js";

export const statementBody = z
  .object({
    ...requesterKeys,
    statement: paragraph(3_000)
      .pipe(z.string().trim().min(1, "must say why the information is wrong"))
      .refine((text) => wordsIn(text) <= statementWordLimit, `must be at most ${statementWordLimit} words`)
      .openapi({ description: `Why the information we kept is wrong, in up to ${statementWordLimit} words.` }),
  })
  .strict()
  .openapi("CorrectionStatement");

const file = createRoute({
  method: "post",
  path: "/v1/correction-statements",
  operationId: "fileCorrectionStatement",
  tags: ["Corrections"],
  summary: "File a statement about a correction we refused",
  description:
    "Where the answer to a correction refused a change and offered it (California, 11 CCR §7023(f)): a statement of " +
    "up to 250 words, kept with the requester's record. Once per request.",
  middleware: [
    jsonBody(16 * 1024),
    rateLimit(async (c) =>
      lookupLimits(c, "appeal", ((await c.req.json()) as { trackingNumber?: unknown } | null)?.trackingNumber),
    ),
  ] as const,
  request: { body: { required: true, content: { "application/json": { schema: statementBody } } } },
  responses: {
    201: {
      description: "Kept with the record.",
      content: { "application/json": { schema: z.object({ trackingNumber: z.string() }) } },
    },
    404: { description: "No request with this tracking number and address.", content: problemContent },
    409: { description: "Its answer offered no statement, or one was filed already.", content: problemContent },
    429: { description: "Too many attempts from this address.", content: problemContent },
    ...jsonBodyProblems,
  },
});

export const correctionRoutes = createRouter().openapi(file, async (c) => {
  const filing = await fileCorrectionStatement({ ctx: c.get("ctx"), input: c.req.valid("json") });
  if (filing.outcome === "filed") return c.json({ trackingNumber: filing.trackingNumber }, 201);
  if (filing.outcome === "not_found")
    throw new DomainError("not_found", "No request with this tracking number and address.");
  throw new DomainError(
    "conflict",
    filing.outcome === "filed_already"
      ? "A statement is kept with this request already."
      : "This request's answer offered no statement: it is for a correction we refused.",
  );
});
