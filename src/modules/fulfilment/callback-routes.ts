import { createRoute, z } from "@hono/zod-openapi";
import { limitBody } from "../../http/body-limit.js";
import { createRouter, jsonBodyProblems, problemContent } from "../../http/router.js";
import { type SignedEnv, signedBody } from "../../http/signed-body.js";
import { webhookSecretOf } from "../data-systems/registry.js";
import { reportTask } from "./report-task.js";
import { taskReport, taskState } from "./schemas.js";

const maxReportBytes = 8 * 1024 * 1024;

const signedBySystem = signedBody((ctx, id) => webhookSecretOf(ctx.db, ctx.config.TOKEN_SECRET, id), "system");

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
