import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "../../http/router.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { tokenRoutes } from "../../http/token-routes.js";
import {
  changeDataSystem,
  findDataSystem,
  listDataSystems,
  registerDataSystem,
  rotateWebhookSecret,
} from "./registry.js";
import { change, dataSystemView, registration, webhookSecret } from "./schemas.js";

const tags = ["Data systems"];
const security = [{ bearer: [] }];
const idParam = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: "The data system's id." }),
});
const notFound = { 404: { description: "No data system with this id.", content: problemContent } };
const withSecret = z.object({ system: dataSystemView, webhookSecret });

const register = createRoute({
  method: "post",
  path: "/v1/admin/data-systems",
  operationId: "registerDataSystem",
  tags,
  summary: "Register a system that holds personal data",
  description:
    "Its owner, the requests that reach it, the CCPA categories it holds with their purposes and recipients, the " +
    "fields it can correct, and how it is reached: `webhook` (signed jobs to its URL; the signing secret is in this " +
    "answer only), `manual` (its owner gets tasks by e-mail) or `postgres` (the built-in connector works in that " +
    "database: its tables, subject columns and columns to export or clear are checked against the database itself, " +
    "and the connection URL is kept sealed). On the general audit trail.",
  security,
  middleware: [requireStaff("admin"), jsonBody(64 * 1024)] as const,
  request: { body: { required: true, content: { "application/json": { schema: registration } } } },
  responses: {
    201: {
      description: "Registered; `webhookSecret` for a webhook system, shown only now.",
      content: {
        "application/json": { schema: z.object({ system: dataSystemView, webhookSecret: webhookSecret.optional() }) },
      },
    },
    409: { description: "A system of that name is registered already.", content: problemContent },
    ...jsonBodyProblems,
    ...staffProblems,
  },
});

const list = createRoute({
  method: "get",
  path: "/v1/admin/data-systems",
  operationId: "listDataSystems",
  tags,
  summary: "The registered data systems",
  description: "By name, disabled ones included; never their secrets.",
  security,
  middleware: [requireStaff("admin", "auditor")] as const,
  responses: {
    200: {
      description: "By name.",
      content: { "application/json": { schema: z.object({ items: z.array(dataSystemView) }) } },
    },
    ...staffProblems,
  },
});

const read = createRoute({
  method: "get",
  path: "/v1/admin/data-systems/{id}",
  operationId: "getDataSystem",
  tags,
  summary: "One data system",
  description: "As registered and last changed, with its version; never its secret.",
  security,
  middleware: [requireStaff("admin", "auditor")] as const,
  request: { params: idParam },
  responses: {
    200: { description: "The system.", content: { "application/json": { schema: dataSystemView } } },
    ...notFound,
    ...staffProblems,
  },
});

const update = createRoute({
  method: "patch",
  path: "/v1/admin/data-systems/{id}",
  operationId: "changeDataSystem",
  tags,
  summary: "Change a data system",
  description:
    "Only the fields given change, at the `version` you loaded (a stale one is 409). `enabled: false` stops new work " +
    "reaching it. How a system is reached does not change: register another. On the general audit trail.",
  security,
  middleware: [requireStaff("admin"), jsonBody(64 * 1024)] as const,
  request: { params: idParam, body: { required: true, content: { "application/json": { schema: change } } } },
  responses: {
    200: { description: "Changed; the new version.", content: { "application/json": { schema: dataSystemView } } },
    ...notFound,
    409: { description: "Changed by someone else since, or the name is taken.", content: problemContent },
    ...jsonBodyProblems,
    ...staffProblems,
  },
});

const rotate = createRoute({
  method: "post",
  path: "/v1/admin/data-systems/{id}/secret",
  operationId: "rotateDataSystemSecret",
  tags,
  summary: "Issue a new webhook signing secret",
  description:
    "The old secret stops working at once: give the new one to the system's owner. Shown only in this answer. On the " +
    "general audit trail.",
  security,
  middleware: [requireStaff("admin")] as const,
  request: { params: idParam },
  responses: {
    200: { description: "The new secret.", content: { "application/json": { schema: withSecret } } },
    ...notFound,
    409: { description: "A manual system has no secret.", content: problemContent },
    ...staffProblems,
  },
});

export const dataSystemRoutes = createRouter<StaffEnv>()
  .openapi(register, async (c) => {
    const ctx = c.get("ctx");
    const by = { actor: c.get("actor"), at: ctx.now() };
    return c.json(await registerDataSystem(ctx.db, ctx.config.TOKEN_SECRET, c.req.valid("json"), by), 201);
  })
  .openapi(list, async (c) => c.json({ items: await listDataSystems(c.get("ctx").db) }, 200))
  .openapi(read, async (c) => c.json(await findDataSystem(c.get("ctx").db, c.req.valid("param").id), 200))
  .openapi(update, async (c) => {
    const ctx = c.get("ctx");
    const by = { actor: c.get("actor"), at: ctx.now() };
    const { id } = c.req.valid("param");
    return c.json(await changeDataSystem(ctx.db, ctx.config.TOKEN_SECRET, id, c.req.valid("json"), by), 200);
  })
  .openapi(rotate, async (c) => {
    const ctx = c.get("ctx");
    const by = { actor: c.get("actor"), at: ctx.now() };
    return c.json(await rotateWebhookSecret(ctx.db, ctx.config.TOKEN_SECRET, c.req.valid("param").id, by), 200);
  });

/** Admins issue and revoke the tokens a system calls us with. */
export const dataSystemTokenRoutes = tokenRoutes({
  collection: "/v1/admin/data-systems",
  tags,
  operationNoun: "DataSystem",
  noun: "a data system",
  grants:
    "The system calls us with it (`Authorization: Bearer rdsys_…`) to read its own tasks, report on them and check " +
    "identifiers against the suppression list; nothing else answers it.",
  kind: "data_system",
});
