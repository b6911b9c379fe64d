import { createRoute, z } from "@hono/zod-openapi";
import { taskStatuses } from "../../domain/tasks.js";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent } from "../../http/router.js";
import { requireDataSystem, type SystemEnv } from "../../http/system-auth.js";
import { reportTask } from "./report-task.js";
import { taskReport, taskState } from "./schemas.js";
import { openTasksOfSystem, taskOfSystem } from "./system-tasks.js";

const tags = ["Data system API"];
const security = [{ dataSystemBearer: [] }];
const systemProblems = {
  401: { description: "No valid data system token.", content: problemContent },
} as const;
const taskParam = z.object({
  taskId: z.uuid().openapi({ param: { name: "taskId", in: "path" }, description: "The task's id." }),
});
const notFound = { 404: { description: "This system has no such task.", content: problemContent } };

const systemTask = z
  .object({
    taskId: z.uuid(),
    status: z.enum(taskStatuses),
    dueOn: z.iso.date(),
    callbackUrl: z.url().openapi({ description: "Where a webhook system posts signed reports instead." }),
    request: z.object({
      trackingNumber: z.string(),
      kind: z.string(),
      jurisdiction: z.string(),
      accessScope: z.string().optional(),
      optOutScopes: z.array(z.string()).optional(),
      corrections: z
        .array(z.object({ field: z.string(), currentValue: z.string().optional(), requestedValue: z.string() }))
        .optional(),
      period: z.object({ from: z.string().optional(), to: z.string(), basis: z.string() }).optional(),
    }),
    subject: z.object({
      name: z.string(),
      email: z.string(),
      phone: z.string().optional(),
      accountId: z.string().optional(),
    }),
  })
  .openapi("DataSystemTask");

const list = createRoute({
  method: "get",
  path: "/v1/data-system/tasks",
  operationId: "listOwnTasks",
  tags,
  summary: "The system's open tasks",
  description:
    "Soonest due first, each with what to do and whom it is about: for systems that poll instead of webhooks.",
  security,
  middleware: [requireDataSystem()] as const,
  responses: {
    200: {
      description: "Open tasks.",
      content: { "application/json": { schema: z.object({ items: z.array(systemTask) }) } },
    },
    ...systemProblems,
  },
});

const read = createRoute({
  method: "get",
  path: "/v1/data-system/tasks/{taskId}",
  operationId: "getOwnTask",
  tags,
  summary: "One of the system's tasks",
  description: "Another system's task is not found.",
  security,
  middleware: [requireDataSystem()] as const,
  request: { params: taskParam },
  responses: {
    200: { description: "The task.", content: { "application/json": { schema: systemTask } } },
    ...notFound,
    ...systemProblems,
  },
});

const report = createRoute({
  method: "post",
  path: "/v1/data-system/tasks/{taskId}/report",
  operationId: "reportOwnTask",
  tags,
  summary: "Report on a task, with the system's token",
  description:
    "The same report a webhook system signs (`outcome`, `summary`, `counts`, `kept`, `records`, `more`), for systems " +
    "that call us with a token. A report on a finished task changes nothing and answers how it stands.",
  security,
  middleware: [requireDataSystem(), jsonBody(8 * 1024 * 1024)] as const,
  request: {
    params: taskParam,
    body: { required: true, content: { "application/json": { schema: taskReport.omit({ taskId: true }) } } },
  },
  responses: {
    200: { description: "How the task stands now.", content: { "application/json": { schema: taskState } } },
    ...notFound,
    409: { description: "The request is over.", content: problemContent },
    ...jsonBodyProblems,
    ...systemProblems,
  },
});

export const dataSystemTaskRoutes = createRouter<SystemEnv>()
  .openapi(list, async (c) => c.json({ items: await openTasksOfSystem(c.get("ctx"), c.get("systemId")) }, 200))
  .openapi(read, async (c) =>
    c.json(await taskOfSystem(c.get("ctx"), c.get("systemId"), c.req.valid("param").taskId), 200),
  )
  .openapi(report, async (c) => {
    const systemId = c.get("systemId");
    const state = await reportTask({
      ctx: c.get("ctx"),
      systemId,
      report: { ...c.req.valid("json"), taskId: c.req.valid("param").taskId },
      actor: { type: "data_system", id: systemId },
    });
    return c.json(state, 200);
  });
