import { createRoute } from "@hono/zod-openapi";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems } from "../../http/router.js";
import { idempotencyHeaders, intakeBody, intakeReceipt } from "./schemas.js";
import { submitRequest } from "./submit-request.js";

const maxBodyBytes = 64 * 1024;

const submit = createRoute({
  method: "post",
  path: "/v1/requests",
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
    ...jsonBodyProblems,
  },
});

export const intakeRoutes = createRouter().openapi(submit, async (c) => {
  const { receipt, replayed } = await submitRequest({
    ctx: c.get("ctx"),
    input: c.req.valid("json"),
    channel: "api",
    idempotencyKey: c.req.valid("header")["idempotency-key"],
  });
  if (replayed) c.header("Idempotent-Replayed", "true");
  return c.json(receipt, 202);
});
