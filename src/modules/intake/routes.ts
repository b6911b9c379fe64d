import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { clientIp } from "../../http/client-address.js";
import { jsonBody } from "../../http/json-body.js";
import { type AppEnv, createRouter, jsonBodyProblems, problemContent } from "../../http/router.js";
import type { Limit } from "../rate-limits/hit-rate-limit.js";
import { idempotencyHeaders, intakeBody, intakeReceipt } from "./schemas.js";
import { submitRequest } from "./submit-request.js";

const maxBodyBytes = 64 * 1024;

const submit = createRoute({
  method: "post",
  path: "/v1/requests",
  operationId: "submitRequest",
  tags: ["Intake"],
  summary: "Submit a privacy request",
  description:
    "Opens a request, works out its deadlines and sends an acknowledgement with its tracking number. " +
    "The answer is the same whether or not the company holds data about the subject.",
  middleware: [jsonBody(maxBodyBytes)] as const,
  request: {
    headers: idempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: intakeBody } } },
  },
  responses: {
    202: {
      description: "Received; the request is open and its clocks are running.",
      content: { "application/json": { schema: intakeReceipt } },
    },
    429: {
      description: "Too many requests from this address or for this subject; see Retry-After.",
      content: problemContent,
    },
    ...jsonBodyProblems,
  },
});

/**
 * The limits every intake counts against, by the API or the form alike, in the statement that stores the request:
 * per client address, and per subject from anywhere.
 */
export function intakeLimits(c: Context<AppEnv>, subjectEmail: string): Limit[] {
  const { config } = c.get("ctx");
  return [
    { key: `intake:ip:${clientIp(c)}`, limit: config.RATE_LIMIT_INTAKE_PER_IP_HOUR, windowSeconds: 3600 },
    { key: `intake:email:${subjectEmail}`, limit: config.RATE_LIMIT_INTAKE_PER_EMAIL_DAY, windowSeconds: 86_400 },
  ];
}

export const intakeRoutes = createRouter().openapi(submit, async (c) => {
  const ctx = c.get("ctx");
  const input = c.req.valid("json");
  const { receipt, replayed } = await submitRequest({
    ctx,
    input,
    channel: "api",
    idempotencyKey: c.req.valid("header")["idempotency-key"],
    limits: intakeLimits(c, input.subject.email),
  });
  if (replayed) c.header("Idempotent-Replayed", "true");
  return c.json(receipt, 202);
});
