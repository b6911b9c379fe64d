import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { DomainError } from "../../domain/errors.js";
import { clientIp } from "../../http/client-address.js";
import { jsonBody } from "../../http/json-body.js";
import { rateLimit } from "../../http/rate-limit.js";
import { type AppEnv, createRouter, jsonBodyProblems, problemContent } from "../../http/router.js";
import { trackingNumberInput } from "../../http/shared-schemas.js";
import { requestIdOfReference } from "./describe-verification.js";
import { resendLimits, verificationAttemptsPerAddress } from "./limits.js";
import { resendVerification } from "./resend-verification.js";
import { toDataPoints, verificationBody, verificationResult } from "./schemas.js";
import { type VerificationOutcome, verifyIdentity } from "./verify-identity.js";

/** The request by its id from the intake's answer, or by the tracking number in its e-mails. */
const requestParam = z.object({
  id: z.union([z.uuid(), trackingNumberInput]).openapi({
    param: { name: "id", in: "path" },
    description: "The request's id from the intake answer, or its tracking number.",
  }),
});

/** The request's id, found by its tracking number where that was given; not found is `undefined`. */
const requestOf = (c: Context<AppEnv>, reference: string) => requestIdOfReference(c.get("ctx"), reference);

const verify = createRoute({
  method: "post",
  path: "/v1/requests/{id}/verification",
  operationId: "verifyIdentity",
  tags: ["Verification"],
  summary: "Prove who is asking, with the code from the e-mail",
  description:
    "Five wrong codes or unmatched answers lock the verification; ask for a new code to try again. " +
    "The answer does not say whether we hold data about the subject.",
  middleware: [jsonBody(16 * 1024), rateLimit((c) => [verificationAttemptsPerAddress(c)])] as const,
  request: {
    params: requestParam,
    body: { required: true, content: { "application/json": { schema: verificationBody } } },
  },
  responses: {
    200: {
      description: "Verified; the request is with the privacy team.",
      content: { "application/json": { schema: verificationResult } },
    },
    404: { description: "No request waiting for verification.", content: problemContent },
    409: { description: "Locked, expired or already verified.", content: problemContent },
    429: { description: "Too many attempts from this address.", content: problemContent },
    ...jsonBodyProblems,
  },
});

const resend = createRoute({
  method: "post",
  path: "/v1/requests/{id}/verification/resend",
  operationId: "resendVerification",
  tags: ["Verification"],
  summary: "Send a new code and link to the same address",
  description:
    "Replaces the earlier code and link (which also lifts a lock after five wrong attempts). The e-mail goes only to " +
    "the address the first one went to. At most one a minute and a few a day per request.",
  middleware: [rateLimit((c) => resendLimits(c, c.req.param("id") ?? ""))] as const,
  request: { params: requestParam },
  responses: {
    202: {
      description: "A new e-mail is on its way.",
      content: { "application/json": { schema: z.object({ status: z.literal("sent") }) } },
    },
    404: { description: "No request waiting for verification.", content: problemContent },
    429: { description: "Asked too often; see Retry-After.", content: problemContent },
  },
});

export const verificationRoutes = createRouter()
  .openapi(verify, async (c) => {
    const id = await requestOf(c, c.req.valid("param").id);
    if (!id) throw outcomeError({ outcome: "not_found" });
    const body = c.req.valid("json");
    const result = await verifyIdentity({
      ctx: c.get("ctx"),
      input: {
        by: { requestId: id, code: body.code },
        dataPoints: toDataPoints(body.dataPoints),
        declaration: body.declaration,
        confirmsAgent: body.confirmsAgent,
        ip: clientIp(c),
      },
    });
    if (result.outcome !== "verified") throw outcomeError(result);
    return c.json(result, 200);
  })
  .openapi(resend, async (c) => {
    const requestId = await requestOf(c, c.req.valid("param").id);
    const outcome = requestId ? await resendVerification({ ctx: c.get("ctx"), input: { requestId } }) : "not_found";
    if (outcome === "not_found") throw outcomeError({ outcome });
    return c.json({ status: "sent" as const }, 202);
  });

/** The unsuccessful outcomes, as errors a client can act on (the app answers them as problems). */
export function outcomeError(result: Exclude<VerificationOutcome, { outcome: "verified" }>): DomainError {
  switch (result.outcome) {
    case "incomplete":
      return new DomainError(
        "validation",
        "More is needed to verify this request.",
        result.missing.map((field) => ({ field, message: missingMessages[field] ?? "is required" })),
      );
    case "wrong_answer":
      return new DomainError(
        "validation",
        `The code or the answers do not match. ${result.attemptsLeft} attempts left.`,
        [{ field: "code", message: "or the answers do not match" }],
      );
    case "locked":
      return new DomainError("conflict", "Too many wrong attempts. Ask for a new code to try again.");
    case "expired":
      return new DomainError("conflict", "This code has expired or was replaced by a newer one. Ask for a new code.");
    case "already_verified":
      return new DomainError("conflict", "This request is already verified.");
    case "not_found":
      return new DomainError("not_found", "No request with this id is waiting for verification.");
  }
}

const missingMessages: Record<string, string> = {
  dataPoints: "give more of the facts asked for",
  declaration: "affirm the declaration",
  confirmsAgent: "confirm that you authorized the agent",
};
