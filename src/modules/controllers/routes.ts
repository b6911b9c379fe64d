import { createRoute, z } from "@hono/zod-openapi";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "../../http/router.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { tokenRoutes } from "../../http/token-routes.js";
import { webhookSecret } from "../data-systems/schemas.js";
import {
  changeController,
  findController,
  listControllers,
  registerController,
  rotateControllerSecret,
} from "./registry.js";
import { controllerChange, controllerRegistration, controllerView } from "./schemas.js";

const tags = ["Controllers"];
const security = [{ bearer: [] }];
const idParam = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: "The controller's id." }),
});
const notFound = { 404: { description: "No controller with this id.", content: problemContent } };
const keysBody = 4 * 1024 * 1024;

const register = createRoute({
  method: "post",
  path: "/v1/admin/controllers",
  operationId: "registerController",
  tags,
  summary: "Register a business customer we process data for",
  description:
    "Its legal name, privacy contacts, whether the contract lets us name it to requesters (and how it is described " +
    "otherwise), the contract's forwarding deadline, a webhook for routed requests (its Standard Webhooks secret is " +
    "in this answer only) and the keys that tie a person's data to it: account and tenant ids in our product, its " +
    "workforce's e-mail domains, and listed subjects. Account ids and subjects are kept only as keyed hashes. On the " +
    "general audit trail.",
  security,
  middleware: [requireStaff("admin"), jsonBody(keysBody)] as const,
  request: { body: { required: true, content: { "application/json": { schema: controllerRegistration } } } },
  responses: {
    201: {
      description: "Registered; `webhookSecret` when it has a webhook, shown only now.",
      content: {
        "application/json": {
          schema: z.object({ controller: controllerView, webhookSecret: webhookSecret.optional() }),
        },
      },
    },
    409: { description: "A controller of that name is registered already.", content: problemContent },
    ...jsonBodyProblems,
    ...staffProblems,
  },
});

const list = createRoute({
  method: "get",
  path: "/v1/admin/controllers",
  operationId: "listControllers",
  tags,
  summary: "The registered controllers",
  description: "By legal name, disabled ones included; never their secrets or hashed keys.",
  security,
  middleware: [requireStaff("admin", "auditor")] as const,
  responses: {
    200: {
      description: "By legal name.",
      content: { "application/json": { schema: z.object({ items: z.array(controllerView) }) } },
    },
    ...staffProblems,
  },
});

const read = createRoute({
  method: "get",
  path: "/v1/admin/controllers/{id}",
  operationId: "getController",
  tags,
  summary: "One controller",
  description: "As registered and last changed, with its version.",
  security,
  middleware: [requireStaff("admin", "auditor")] as const,
  request: { params: idParam },
  responses: {
    200: { description: "The controller.", content: { "application/json": { schema: controllerView } } },
    ...notFound,
    ...staffProblems,
  },
});

const update = createRoute({
  method: "patch",
  path: "/v1/admin/controllers/{id}",
  operationId: "changeController",
  tags,
  summary: "Change a controller",
  description:
    "Only the fields given change, at the `version` you loaded (a stale one is 409); each key list given replaces " +
    "the one held. A webhook added here gets its secret from `POST …/secret`. On the general audit trail.",
  security,
  middleware: [requireStaff("admin"), jsonBody(keysBody)] as const,
  request: {
    params: idParam,
    body: { required: true, content: { "application/json": { schema: controllerChange } } },
  },
  responses: {
    200: { description: "Changed; the new version.", content: { "application/json": { schema: controllerView } } },
    ...notFound,
    409: { description: "Changed by someone else since, or the name is taken.", content: problemContent },
    ...jsonBodyProblems,
    ...staffProblems,
  },
});

const rotate = createRoute({
  method: "post",
  path: "/v1/admin/controllers/{id}/secret",
  operationId: "rotateControllerSecret",
  tags,
  summary: "Issue a new webhook signing secret for a controller",
  description: "The old one stops working at once. Shown only in this answer. On the general audit trail.",
  security,
  middleware: [requireStaff("admin")] as const,
  request: { params: idParam },
  responses: {
    200: {
      description: "The new secret.",
      content: { "application/json": { schema: z.object({ controller: controllerView, webhookSecret }) } },
    },
    ...notFound,
    409: { description: "The controller has no webhook.", content: problemContent },
    ...staffProblems,
  },
});

export const controllerRoutes = createRouter<StaffEnv>()
  .openapi(register, async (c) => {
    const ctx = c.get("ctx");
    const by = { actor: c.get("actor"), at: ctx.now() };
    return c.json(await registerController(ctx.db, ctx.config.TOKEN_SECRET, c.req.valid("json"), by), 201);
  })
  .openapi(list, async (c) => c.json({ items: await listControllers(c.get("ctx").db) }, 200))
  .openapi(read, async (c) => c.json(await findController(c.get("ctx").db, c.req.valid("param").id), 200))
  .openapi(update, async (c) => {
    const ctx = c.get("ctx");
    const by = { actor: c.get("actor"), at: ctx.now() };
    const { id } = c.req.valid("param");
    return c.json(await changeController(ctx.db, ctx.config.TOKEN_SECRET, id, c.req.valid("json"), by), 200);
  })
  .openapi(rotate, async (c) => {
    const ctx = c.get("ctx");
    const by = { actor: c.get("actor"), at: ctx.now() };
    return c.json(await rotateControllerSecret(ctx.db, ctx.config.TOKEN_SECRET, c.req.valid("param").id, by), 200);
  });

/** Admins issue and revoke the tokens a controller calls our controller API with. */
export const controllerTokenRoutes = tokenRoutes({
  collection: "/v1/admin/controllers",
  tags,
  operationNoun: "Controller",
  noun: "a controller",
  grants:
    "The controller calls the controller API with it (`Authorization: Bearer rdctl_…`) to read its own routed " +
    "requests, acknowledge them and give its instructions; nothing else answers it.",
  kind: "controller",
});
