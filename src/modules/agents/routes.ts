import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { limitBody } from "../../http/body-limit.js";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "../../http/router.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { bearerOf } from "../../http/system-auth.js";
import { changeAgent, listAgents, putAgents } from "./directory.js";
import { DrpProblem, fileExercise, readExercise, revokeExercise } from "./exercise.js";
import { agentOfToken, pairAgent, recordAgentCall } from "./pairing.js";
import { agentChange, agentEntry, agentView } from "./schemas.js";

/** A DRP error: the protocol's own shape, not problem+json, so agents' software reads it. */
const drpError = z
  .object({
    code: z.string(),
    message: z.string(),
    fatal: z.boolean().openapi({ description: "Whether sending the same again can ever succeed." }),
  })
  .openapi("DrpError");
const drpErrorContent = { "application/json": { schema: drpError } };

const exerciseStatusSchema = z
  .object({
    request_id: z.string(),
    status: z.enum(["open", "in_progress", "fulfilled", "denied", "revoked", "expired"]),
    reason: z
      .enum([
        "need_user_verification",
        "suspected_fraud",
        "insuf_verification",
        "no_match",
        "claim_not_covered",
        "outside_jurisdiction",
        "too_many_requests",
        "other",
      ])
      .optional(),
    received_at: z.string().openapi({ example: "2026-11-20T15:00:00.000+00:00" }),
    expected_by: z.string(),
    agent_request_id: z.string().optional(),
    processing_details: z.string().optional(),
    user_verification_url: z.string().optional(),
  })
  .openapi("DrpExerciseStatus");

const agentIdParam = z.object({
  "agent-id": z
    .string()
    .max(100)
    .openapi({ param: { name: "agent-id", in: "path" }, description: "The agent's id in the DRP directory." }),
});
const signedBody = {
  required: true,
  content: {
    "text/plain": {
      schema: z.string().openapi({
        description:
          "Base64 of an Ed25519 signature (64 bytes) followed by the UTF-8 JSON it signs (libsodium's combined mode).",
      }),
    },
  },
};
/** The largest signed body we read: a DRP message is a few hundred bytes. */
const signedBodyLimit = limitBody(64 * 1024, "A signed DRP message");

const tags = ["Data Rights Protocol"];

const setUp = createRoute({
  method: "post",
  path: "/v1/agent/{agent-id}",
  operationId: "drpPairwiseSetup",
  tags,
  summary: "Set up an agent's pair-wise token (DRP 1.0 §2.01)",
  description:
    "The body is signed with the agent's key from our directory and claims `agent-id` (this one), `business-id` " +
    "(ours, `DRP_BUSINESS_ID`), `issued-at` and `expires-at` (at most 15 minutes apart). The answer's token replaces " +
    "the agent's previous one. A refused set-up is 403 with an empty body, and the previous token keeps working. " +
    "The deprecated form with a trailing slash is accepted too.",
  request: { params: agentIdParam, body: signedBody },
  responses: {
    200: {
      description: "The agent's new bearer token.",
      content: { "application/json": { schema: z.object({ "agent-id": z.string(), token: z.string() }) } },
    },
    403: { description: "Refused, with an empty body." },
  },
});

const agentInformation = createRoute({
  method: "get",
  path: "/v1/agent/{agent-id}",
  operationId: "drpAgentInformation",
  tags,
  summary: "Check an agent's token (DRP 1.0 §2.02)",
  description: "With the agent's bearer token: 200 when the token is the agent's; another agent's is 403.",
  security: [{ drpAgentBearer: [] }],
  request: { params: agentIdParam },
  responses: {
    200: {
      description: "The token is this agent's.",
      content: { "application/json": { schema: z.object({ "agent-id": z.string() }) } },
    },
    401: { description: "No valid agent token.", content: drpErrorContent },
    403: { description: "The token is another agent's.", content: drpErrorContent },
  },
});

async function answerSetUp(c: Context) {
  const pairing = await pairAgent(c.get("ctx"), c.req.param("agent-id") ?? "", await c.req.text());
  if ("refused" in pairing) return c.body(null, 403);
  return c.json({ "agent-id": pairing.agentId, token: pairing.token }, 200);
}

function answerInformation(c: Context) {
  return asAgent(c, async (agent) => {
    if (agent.id !== c.req.param("agent-id")) throw new DrpProblem(403, "403", "This token belongs to another agent.");
    await recordAgentCall(c.get("ctx"), agent.id, { call: "agent_information" });
    return { "agent-id": agent.id };
  });
}

/**
 * The protocol's agent endpoints, with their deprecated trailing-slash forms. They answer in DRP's own shapes (an
 * empty 403, `{code, message, fatal}`), so the OpenAPI document describes them and plain handlers answer them.
 */
export const drpAgentRoutes = createRouter();
drpAgentRoutes.openAPIRegistry.registerPath(setUp);
drpAgentRoutes.openAPIRegistry.registerPath(agentInformation);
for (const path of ["/v1/agent/:agent-id", "/v1/agent/:agent-id/"]) {
  drpAgentRoutes.post(path, signedBodyLimit, answerSetUp).get(path, answerInformation);
}

/** The agent a call is made as, by its bearer token. */
async function callingAgent(c: Context) {
  const token = bearerOf(c.req.header("authorization"));
  const agent = token ? await agentOfToken(c.get("ctx").db, token) : undefined;
  if (!agent) throw new DrpProblem(401, "401", "A valid agent token is required.");
  return agent;
}

/** Answers an agent's call, or its refusal in DRP's error shape; nothing else reaches the problem+json handler. */
async function asAgent<T extends object>(
  c: Context,
  work: (agent: Awaited<ReturnType<typeof callingAgent>>) => Promise<T>,
) {
  try {
    return c.json(await work(await callingAgent(c)), 200);
  } catch (error) {
    if (error instanceof DrpProblem)
      return c.json({ code: error.code, message: error.message, fatal: error.fatal }, error.status);
    throw error;
  }
}

const requestIdParam = z.object({
  request_id: z
    .string()
    .max(100)
    .openapi({ param: { name: "request_id", in: "path" }, description: "Our `request_id`." }),
});
const statusContent = { "application/json": { schema: exerciseStatusSchema } };
const agentProblems = {
  400: { description: "The message or its claims are refused.", content: drpErrorContent },
  401: { description: "No valid agent token.", content: drpErrorContent },
  403: { description: "The signature is not this agent's.", content: drpErrorContent },
};

const exercise = createRoute({
  method: "post",
  path: "/v1/data-rights-request",
  operationId: "drpExercise",
  tags,
  summary: "File a consumer's request (DRP 1.0 §2.03)",
  description:
    "Signed like the set-up, with `exercise` (`sale:opt-out`, `sale:opt-in`, `deletion`, `access`, " +
    "`access:specific`, `access:categories`), `regime` (`ccpa`: California; absent or `voluntary`: the company's own rules), the identity " +
    "claims (`name`, `email`, `email_verified`, `phone_number`, `address`, `power_of_attorney`), an optional " +
    "`status_callback` (https, never an internal address) and `agent_request_id`. It enters as any request does, with " +
    "channel `drp` and the agent as authorized agent; the same signed message sent again is the same request.",
  security: [{ drpAgentBearer: [] }],
  request: { body: signedBody },
  responses: { 200: { description: "The request's status.", content: statusContent }, ...agentProblems },
});

const status = createRoute({
  method: "get",
  path: "/v1/data-rights-request/{request_id}",
  operationId: "drpStatus",
  tags,
  summary: "Where a request stands (DRP 1.0 §2.04)",
  description:
    "`open`, `in_progress` (with `need_user_verification` and `user_verification_url` while the consumer must " +
    "confirm it), `fulfilled`, `denied` with a reason, `revoked` or `expired`; `expected_by` is our deadline.",
  security: [{ drpAgentBearer: [] }],
  request: { params: requestIdParam },
  responses: {
    200: { description: "The request's status.", content: statusContent },
    401: agentProblems[401],
    404: { description: "No request of this agent has that id.", content: drpErrorContent },
  },
});

const revoke = createRoute({
  method: "delete",
  path: "/v1/data-rights-request/{request_id}",
  operationId: "drpRevoke",
  tags,
  summary: "Revoke a request (DRP 1.0 §2.05)",
  description: 'A signed `{"reason"}`: the request is withdrawn and its status becomes `revoked`, for good.',
  security: [{ drpAgentBearer: [] }],
  request: { params: requestIdParam, body: signedBody },
  responses: {
    200: { description: "Revoked.", content: statusContent },
    ...agentProblems,
    404: { description: "No request of this agent has that id.", content: drpErrorContent },
  },
});

drpAgentRoutes.openAPIRegistry.registerPath(exercise);
drpAgentRoutes.openAPIRegistry.registerPath(status);
drpAgentRoutes.openAPIRegistry.registerPath(revoke);
for (const slash of ["", "/"]) {
  drpAgentRoutes.post(`/v1/data-rights-request${slash}`, signedBodyLimit, async (c) => {
    const body = await c.req.text();
    return asAgent(c, (agent) => fileExercise(c.get("ctx"), agent, body));
  });
  drpAgentRoutes.get(`/v1/data-rights-request/:request_id${slash}`, (c) =>
    asAgent(c, async (agent) => {
      const found = await readExercise(c.get("ctx"), agent, c.req.param("request_id"));
      await recordAgentCall(c.get("ctx"), agent.id, { call: "status", requestId: found.request_id });
      return found;
    }),
  );
  drpAgentRoutes.delete(`/v1/data-rights-request/:request_id${slash}`, signedBodyLimit, async (c) => {
    const body = await c.req.text();
    return asAgent(c, (agent) => revokeExercise(c.get("ctx"), agent, c.req.param("request_id"), body));
  });
}

const adminTags = ["Data Rights Protocol"];
const staffSecurity = [{ bearer: [] }];

const list = createRoute({
  method: "get",
  path: "/v1/admin/agents",
  operationId: "listDrpAgents",
  tags: adminTags,
  summary: "The directory of authorized agents",
  description: "Every agent that may file requests by DRP, by id, with whether it has set up its token.",
  security: staffSecurity,
  middleware: [requireStaff("admin", "auditor")] as const,
  responses: {
    200: {
      description: "By id.",
      content: { "application/json": { schema: z.object({ items: z.array(agentView) }) } },
    },
    ...staffProblems,
  },
});

const put = createRoute({
  method: "post",
  path: "/v1/admin/agents",
  operationId: "putDrpAgents",
  tags: adminTags,
  summary: "Add agents to the directory, or import the consortium's agents.json",
  description:
    "One entry in the directory's format (`agent.schema.json`), or an array of them: the consortium's agents.json " +
    "as published. An agent already listed is brought up to date; one whose verify key changes must set up its " +
    "token again. On the general audit trail.",
  security: staffSecurity,
  middleware: [requireStaff("admin"), jsonBody(1024 * 1024)] as const,
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: z.union([agentEntry, z.array(agentEntry).min(1).max(1_000)]) } },
    },
  },
  responses: {
    200: {
      description: "The agents as now listed.",
      content: { "application/json": { schema: z.object({ items: z.array(agentView) }) } },
    },
    ...jsonBodyProblems,
    ...staffProblems,
  },
});

const change = createRoute({
  method: "patch",
  path: "/v1/admin/agents/{id}",
  operationId: "changeDrpAgent",
  tags: adminTags,
  summary: "Change or disable an agent",
  description: "At the version you loaded. A new verify key ends the agent's token. On the general audit trail.",
  security: staffSecurity,
  middleware: [requireStaff("admin"), jsonBody(16 * 1024)] as const,
  request: {
    params: z.object({
      id: z
        .string()
        .max(100)
        .openapi({ param: { name: "id", in: "path" } }),
    }),
    body: { required: true, content: { "application/json": { schema: agentChange } } },
  },
  responses: {
    200: { description: "Changed.", content: { "application/json": { schema: agentView } } },
    404: { description: "No such agent.", content: problemContent },
    409: { description: "The version is stale.", content: problemContent },
    ...jsonBodyProblems,
    ...staffProblems,
  },
});

export const agentAdminRoutes = createRouter<StaffEnv>()
  .openapi(list, async (c) => c.json({ items: await listAgents(c.get("ctx").db) }, 200))
  .openapi(put, async (c) => {
    const body = c.req.valid("json");
    const by = { actor: c.get("actor"), at: c.get("ctx").now() };
    return c.json({ items: await putAgents(c.get("ctx").db, Array.isArray(body) ? body : [body], by) }, 200);
  })
  .openapi(change, async (c) => {
    const by = { actor: c.get("actor"), at: c.get("ctx").now() };
    return c.json(await changeAgent(c.get("ctx").db, c.req.valid("param").id, c.req.valid("json"), by), 200);
  });
