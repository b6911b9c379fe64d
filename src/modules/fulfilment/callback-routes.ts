import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { DomainError } from "../../domain/errors.js";
import { limitBody } from "../../http/body-limit.js";
import { namesJson } from "../../http/json-body.js";
import { problem } from "../../http/problem.js";
import { type AppEnv, createRouter, jsonBodyProblems, problemContent } from "../../http/router.js";
import { checkSignature } from "../../security/webhook-signatures.js";
import { webhookSecretOf } from "../data-systems/registry.js";
import { reportTask } from "./report-task.js";
import { taskReport, taskState } from "./schemas.js";

type SignedEnv = AppEnv & { Variables: { webhookId: string } };

const maxReportBytes = 8 * 1024 * 1024;

/**
 * Lets through only a body signed with the system's secret, checked over the exact bytes received before anything
 * reads them as JSON. An unknown system and a wrong signature are the same 401, so the route says nothing of which
 * systems exist.
 */
const signedBySystem: MiddlewareHandler<SignedEnv> = async (c, next) => {
  if (!namesJson(c.req.header("content-type"))) return problem(c, 415, "Send the body as application/json.");
  const ctx = c.get("ctx");
  const body = await c.req.text();
  const systemId = c.req.param("id") ?? "";
  const secret = z.uuid().safeParse(systemId).success
    ? await webhookSecretOf(ctx.db, ctx.config.TOKEN_SECRET, systemId)
    : undefined;
  const check = secret
    ? checkSignature(
        secret,
        {
          id: c.req.header("webhook-id"),
          timestamp: c.req.header("webhook-timestamp"),
          signature: c.req.header("webhook-signature"),
        },
        body,
        ctx.now(),
      )
    : { ok: false as const, reason: "the signature does not match" };
  if (!check.ok) throw new DomainError("unauthorized", `Not a signed callback of this system: ${check.reason}.`);
  try {
    JSON.parse(body);
  } catch {
    return problem(c, 400, "The body is not valid JSON.");
  }
  c.set("webhookId", check.id);
  await next();
};

const report = createRoute({
  method: "post",
  path: "/v1/data-systems/{id}/callbacks",
  operationId: "reportTask",
  tags: ["Data systems"],
  summary: "A webhook system reports on its task",
  description:
    "Signed with the system's secret by the Standard Webhooks scheme (`webhook-id`, `webhook-timestamp` within five " +
    "minutes, `webhook-signature`), over the exact body sent. Each `webhook-id` is accepted once: the same id again " +
    "is refused (409), while a new report on a finished task changes nothing and answers how it stands. Access " +
    "records may come in several reports (`more: true` on all but the last). The last task to finish completes the " +
    "request.",
  middleware: [limitBody(maxReportBytes), signedBySystem] as const,
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: "The data system's id." }),
    }),
    body: { required: true, content: { "application/json": { schema: taskReport } } },
  },
  responses: {
    200: { description: "How the task stands now.", content: { "application/json": { schema: taskState } } },
    401: { description: "Not signed by this system, or signed too long ago.", content: problemContent },
    404: { description: "This system has no such task.", content: problemContent },
    409: { description: "This webhook-id was used already, or the request is over.", content: problemContent },
    ...jsonBodyProblems,
  },
});

export const taskCallbackRoutes = createRouter<SignedEnv>().openapi(report, async (c) => {
  const systemId = c.req.valid("param").id;
  const state = await reportTask({
    ctx: c.get("ctx"),
    systemId,
    report: c.req.valid("json"),
    actor: { type: "data_system", id: systemId },
    webhookId: c.get("webhookId"),
  });
  return c.json(state, 200);
});
