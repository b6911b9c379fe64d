import { createRoute, z } from "@hono/zod-openapi";
import { createRouter, problemContent, staffProblems } from "../../http/router.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { listDeadLetters, retryDeadLetter } from "./dead-letters.js";

const deadLetter = z
  .object({
    id: z.number().int(),
    template: z.string(),
    trackingNumber: z.string().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("DeadLetter");

const list = createRoute({
  method: "get",
  path: "/v1/admin/outbox/dead",
  operationId: "listDeadLetters",
  tags: ["Administration"],
  summary: "Messages the dispatcher gave up on",
  description: "E-mails refused for good by the mail server, or still failing after the last attempt; newest first.",
  security: [{ bearer: [] }],
  middleware: [requireStaff("admin", "auditor")] as const,
  responses: {
    200: {
      description: "Newest first.",
      content: { "application/json": { schema: z.object({ items: z.array(deadLetter) }) } },
    },
    ...staffProblems,
  },
});

const retry = createRoute({
  method: "post",
  path: "/v1/admin/outbox/{id}/retry",
  operationId: "retryDeadLetter",
  tags: ["Administration"],
  summary: "Queue a dead message again",
  description: "With a fresh count of attempts; on the general audit trail.",
  security: [{ bearer: [] }],
  middleware: [requireStaff("admin")] as const,
  request: {
    params: z.object({
      id: z.coerce
        .number()
        .int()
        .positive()
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: {
    202: {
      description: "Queued.",
      content: { "application/json": { schema: z.object({ status: z.literal("queued") }) } },
    },
    404: { description: "No dead message with this id.", content: problemContent },
    ...staffProblems,
  },
});

export const adminOutboxRoutes = createRouter<StaffEnv>()
  .openapi(list, async (c) => {
    const items = await listDeadLetters(c.get("ctx").db);
    return c.json({ items: items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })) }, 200);
  })
  .openapi(retry, async (c) => {
    const ctx = c.get("ctx");
    await retryDeadLetter(ctx.db, c.req.valid("param").id, { actor: c.get("actor"), at: ctx.now() });
    return c.json({ status: "queued" as const }, 202);
  });
