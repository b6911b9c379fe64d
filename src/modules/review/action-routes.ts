import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { AppContext } from "../../context.js";
import type { Actor, StaffRole } from "../../domain/actor.js";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "../../http/router.js";
import { requestIdParam } from "../../http/shared-schemas.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { decideAppeal } from "../appeals/decide-appeal.js";
import { assignRequest, claimRequest } from "./assign-request.js";
import { markDuplicate, withdrawRequest } from "./close-request.js";
import { completeRequest, denyRequest, fulfilRequest } from "./decide-request.js";
import { extendDeadline } from "./extend-deadline.js";
import { addNote, askForInformation } from "./note-request.js";
import {
  actionResult,
  appealDecisionBody,
  askBody,
  assignBody,
  denyBody,
  duplicateBody,
  extendBody,
  fulfilBody,
  noteBody,
  versionOnly,
  withdrawBody,
} from "./schemas.js";
import type { ActionResult } from "./staff-action.js";

interface ActionSpec<Body extends z.ZodType> {
  name: string;
  summary: string;
  description?: string;
  body: Body;
  roles?: StaffRole[];
  run(args: { ctx: AppContext; actor: Actor; input: z.infer<Body> & { requestId: string } }): Promise<ActionResult>;
}

/** Every action: a POST on the request with the version the staff member loaded, answered with the new version. */
function addAction<Body extends z.ZodType>(router: OpenAPIHono<StaffEnv>, spec: ActionSpec<Body>): void {
  const route = createRoute({
    method: "post",
    path: `/v1/review/requests/{id}/${spec.name}`,
    tags: ["Review actions"],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    security: [{ bearer: [] }],
    middleware: [requireStaff(...(spec.roles ?? ["admin", "reviewer"])), jsonBody(64 * 1024)] as const,
    request: {
      params: requestIdParam,
      body: { required: true, content: { "application/json": { schema: spec.body } } },
    },
    responses: {
      200: {
        description: "Done; the answer carries the new version.",
        content: { "application/json": { schema: actionResult } },
      },
      404: { description: "No such request.", content: problemContent },
      409: {
        description: "The version is stale (someone changed the request), or the request's status does not allow this.",
        content: problemContent,
      },
      ...jsonBodyProblems,
      ...staffProblems,
    },
  });
  router.openapi(route, async (c) => {
    // The route's schemas are generic here, so hono cannot type what its validator produced; they are these.
    const validated = c.req as unknown as {
      valid(target: "json"): z.infer<Body>;
      valid(target: "param"): { id: string };
    };
    const input = {
      ...(validated.valid("json") as object),
      requestId: validated.valid("param").id,
    } as z.infer<Body> & {
      requestId: string;
    };
    return c.json(await spec.run({ ctx: c.get("ctx"), actor: c.get("actor"), input }), 200);
  });
}

export const reviewActionRoutes = createRouter<StaffEnv>();
const actions: ActionSpec<z.ZodType>[] = [
  { name: "claim", summary: "Claim an unassigned request", body: versionOnly, run: claimRequest },
  {
    name: "assign",
    summary: "Assign a request to a reviewer, or back to the team",
    body: assignBody,
    run: assignRequest,
  },
  { name: "notes", summary: "Add an internal note", body: noteBody, run: addNote },
  { name: "information-requests", summary: "Ask the requester for information", body: askBody, run: askForInformation },
  {
    name: "extend",
    summary: "Extend the deadline",
    description: "Once, where the rules allow, before the original deadline; the requester is told why.",
    body: extendBody,
    run: extendDeadline,
  },
  { name: "deny", summary: "Refuse the request", body: denyBody, run: denyRequest },
  {
    name: "fulfil",
    summary: "Decide to carry out the request, fully or in part",
    body: fulfilBody,
    run: fulfilRequest,
  },
  { name: "complete", summary: "Mark fulfilment done and send the decision", body: versionOnly, run: completeRequest },
  { name: "withdraw", summary: "Withdraw at the requester's wish", body: withdrawBody, run: withdrawRequest },
  { name: "duplicate", summary: "Close as a repeat of an earlier request", body: duplicateBody, run: markDuplicate },
  {
    name: "appeal-decision",
    summary: "Decide the request's appeal",
    description: "By an admin who did not decide the request.",
    body: appealDecisionBody,
    roles: ["admin"],
    run: decideAppeal,
  },
];
for (const spec of actions) addAction(reviewActionRoutes, spec);
