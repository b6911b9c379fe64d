import { createRoute, z } from "@hono/zod-openapi";
import { DomainError } from "../../domain/errors.js";
import { clientIp } from "../../http/client-address.js";
import { jsonBody } from "../../http/json-body.js";
import { rateLimit } from "../../http/rate-limit.js";
import { createRouter, jsonBodyProblems, problemContent } from "../../http/router.js";
import { requestIdParam } from "../../http/shared-schemas.js";
import { resendLimits, verificationAttemptsPerAddress } from "./limits.js";
import { resendVerification } from "./resend-verification.js";
import { toDataPoints, verificationBody, verificationResult } from "./schemas.js";
import { type VerificationOutcome, verifyIdentity } from "./verify-identity.js";

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
    params: requestIdParam,
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
  request: { params: requestIdParam },
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
    const { id } = c.req.valid("param");
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
    const outcome = await resendVerification({ ctx: c.get("ctx"), input: { requestId: c.req.valid("param").id } });
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
