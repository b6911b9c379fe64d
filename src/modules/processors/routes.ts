import { createRoute, z } from "@hono/zod-openapi";
import { limitBody } from "../../http/body-limit.js";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "../../http/router.js";
import { line } from "../../http/shared-schemas.js";
import { type SignedEnv, signedBody } from "../../http/signed-body.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { forwardedRequest, takeForwardedRequest } from "./forwarded-intake.js";
import { changeProcessor, listProcessors, processorSecretOf, registerProcessor } from "./registry.js";

const tags = ["Processors"];
const security = [{ bearer: [] }];
const signingSecret = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, "must be a Standard Webhooks secret (whsec_ and base64)")
  .openapi({ description: "The secret the processor signs with, as it gave it to you." });
const processorView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    hasSigningSecret: z.boolean(),
    enabled: z.boolean(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("Processor");
const idParam = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: "The processor's id." }),
});

const register = createRoute({
  method: "post",
  path: "/v1/admin/processors",
  operationId: "registerProcessor",
  tags,
  summary: "Register a processor that forwards requests to us",
  description:
    "When we are the controller: a service provider (such as another Rightsdesk) that holds data for us and " +
    "forwards the requests it receives about it to `POST /v1/processors/{id}/requests`. Give it that address; it " +
    "gives you the signing secret, entered here or later. On the general audit trail.",
  security,
  middleware: [requireStaff("admin"), jsonBody(4 * 1024)] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.object({ name: line(200), signingSecret: signingSecret.optional() }).strict(),
        },
      },
    },
  },
  responses: {
    201: { description: "Registered.", content: { "application/json": { schema: processorView } } },
    409: { description: "A processor of that name is registered already.", content: problemContent },
    ...jsonBodyProblems,
    ...staffProblems,
  },
});

const list = createRoute({
  method: "get",
  path: "/v1/admin/processors",
  operationId: "listProcessors",
  tags,
  summary: "The processors that forward requests to us",
  description: "By name; never their secrets.",
  security,
  middleware: [requireStaff("admin", "auditor")] as const,
  responses: {
    200: {
      description: "By name.",
      content: { "application/json": { schema: z.object({ items: z.array(processorView) }) } },
    },
    ...staffProblems,
  },
});

const change = createRoute({
  method: "patch",
  path: "/v1/admin/processors/{id}",
  operationId: "changeProcessor",
  tags,
  summary: "Enter a processor's signing secret, or turn it off",
  description: "At the `version` you loaded. On the general audit trail, without the secret.",
  security,
  middleware: [requireStaff("admin"), jsonBody(4 * 1024)] as const,
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({
              version: z.number().int().positive(),
              signingSecret: signingSecret.optional(),
              enabled: z.boolean().optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: { description: "Changed.", content: { "application/json": { schema: processorView } } },
    404: { description: "No such processor.", content: problemContent },
    409: { description: "Changed by someone else since.", content: problemContent },
    ...jsonBodyProblems,
    ...staffProblems,
  },
});

const forward = createRoute({
  method: "post",
  path: "/v1/processors/{id}/requests",
  operationId: "takeForwardedRequest",
  tags,
  summary: "A processor forwards a request about our data",
  description:
    "OpenDSR 2.0's request object, signed with the processor's secret by the Standard Webhooks scheme over the " +
    "exact body, within five minutes. It becomes a request of ours (channel `processor`), verified and answered " +
    "by us. Sent again (a retry, or the same message replayed), it opens nothing and answers the first receipt. " +
    "The answer is OpenDSR's create response with our tracking number, which a Rightsdesk processor takes as the " +
    "acknowledgement.",
  middleware: [
    limitBody(64 * 1024),
    signedBody((ctx, id) => processorSecretOf(ctx.db, ctx.config.TOKEN_SECRET, id), "processor"),
  ] as const,
  request: {
    params: idParam,
    body: { required: true, content: { "application/json": { schema: forwardedRequest } } },
  },
  responses: {
    200: {
      description: "Taken.",
      content: {
        "application/json": {
          schema: z.object({
            controller_id: z.string(),
            subject_request_id: z.string(),
            received_time: z.iso.datetime(),
            expected_completion_time: z.iso.datetime(),
            api_version: z.literal("2.0"),
            extensions: z.object({ rightsdesk: z.object({ trackingNumber: z.string() }) }),
          }),
        },
      },
    },
    401: { description: "Not signed by this processor, or signed too long ago.", content: problemContent },
    ...jsonBodyProblems,
  },
});

export const processorRoutes = createRouter<StaffEnv>()
  .openapi(register, async (c) => {
    const ctx = c.get("ctx");
    const by = { actor: c.get("actor"), at: ctx.now() };
    return c.json(await registerProcessor(ctx.db, ctx.config.TOKEN_SECRET, c.req.valid("json"), by), 201);
  })
  .openapi(list, async (c) => c.json({ items: await listProcessors(c.get("ctx").db) }, 200))
  .openapi(change, async (c) => {
    const ctx = c.get("ctx");
    const by = { actor: c.get("actor"), at: ctx.now() };
    const { id } = c.req.valid("param");
    return c.json(await changeProcessor(ctx.db, ctx.config.TOKEN_SECRET, id, c.req.valid("json"), by), 200);
  });

export const forwardedRequestRoutes = createRouter<SignedEnv>().openapi(forward, async (c) =>
  c.json(await takeForwardedRequest(c.get("ctx"), c.req.valid("param").id, c.req.valid("json")), 200),
);
