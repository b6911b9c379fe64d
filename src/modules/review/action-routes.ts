import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { AppContext } from "../../context.js";
import type { Actor, StaffRole } from "../../domain/actor.js";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent, staffProblems } from "../../http/router.js";
import { requestIdParam } from "../../http/shared-schemas.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { closeTask } from "../fulfilment/close-task.js";
import { reissuePackage } from "../packages/reissue-package.js";
import { correctScope } from "../routing/correct-scope.js";
import { assignRequest, claimRequest } from "./assign-request.js";
import { markDuplicate, withdrawRequest } from "./close-request.js";
import { completeRequest, denyRequest, fulfilRequest } from "./decide-request.js";
import { extendDeadline } from "./extend-deadline.js";
import { addNote, askForInformation } from "./note-request.js";
import {
  actionResult,
  askBody,
  assignBody,
  closeTaskBody,
  denyBody,
  duplicateBody,
  extendBody,
  fulfilBody,
  noteBody,
  scopeBody,
  versionOnly,
  withdrawBody,
} from "./schemas.js";
import type { ActionResult } from "./staff-action.js";

export interface ActionSpec<Body extends z.ZodType> {
  name: string;
  operationId: string;
  summary: string;
  description: string;
  body: Body;
  roles?: StaffRole[];
  run(args: { ctx: AppContext; actor: Actor; input: z.infer<Body> & { requestId: string } }): Promise<ActionResult>;
}

/** Every action: a POST on the request with the version the staff member loaded, answered with the new version. */
export function addAction<Body extends z.ZodType>(router: OpenAPIHono<StaffEnv>, spec: ActionSpec<Body>): void {
  const route = createRoute({
    method: "post",
    path: `/v1/review/requests/{id}/${spec.name}`,
    tags: ["Review actions"],
    operationId: spec.operationId,
    summary: spec.summary,
    description: spec.description,
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
/** Every action on a request, for the API's routes and the desk's forms alike. */
export const reviewActions: ActionSpec<z.ZodType>[] = [
  {
    name: "claim",
    operationId: "claimRequest",
    summary: "Claim an unassigned request",
    description: "Makes you its reviewer. A request a colleague holds is refused (409); an admin can reassign it.",
    body: versionOnly,
    run: claimRequest,
  },
  {
    name: "assign",
    operationId: "assignRequest",
    summary: "Assign a request to a reviewer, or back to the team",
    description: "To an active reviewer or admin by id; `null` returns it to the unassigned bucket.",
    body: assignBody,
    run: assignRequest,
  },
  {
    name: "notes",
    operationId: "addRequestNote",
    summary: "Add an internal note",
    description: "On the request's audit trail; the requester never sees it.",
    body: noteBody,
    run: addNote,
  },
  {
    name: "information-requests",
    operationId: "askRequesterForInformation",
    summary: "Ask the requester for information",
    description: "The message is e-mailed to the requester. The clock keeps running while you wait.",
    body: askBody,
    run: askForInformation,
  },
  {
    name: "extend",
    operationId: "extendRequestDeadline",
    summary: "Extend the deadline",
    description:
      "Once, where the rules allow, announced by the original deadline and within the extension limit; the " +
      "requester is told why. The answer warns when the new date passes the company's own promise.",
    body: extendBody,
    run: extendDeadline,
  },
  {
    name: "deny",
    operationId: "denyRequest",
    summary: "Refuse the request",
    description:
      "On a ground from the table, with an explanation the requester reads. The notice carries the appeal link and, " +
      "where the law asks, the regulator. A ground that may not hold in the request's law comes back as a warning.",
    body: denyBody,
    run: denyRequest,
  },
  {
    name: "fulfil",
    operationId: "fulfilRequest",
    summary: "Decide to carry out the request, fully or in part",
    description:
      "A partial answer needs the ground for the part refused and an explanation. The requester hears when it completes.",
    body: fulfilBody,
    run: fulfilRequest,
  },
  {
    name: "complete",
    operationId: "completeRequest",
    summary: "Mark fulfilment done and send the decision",
    description:
      "A partial answer's notice offers an appeal, unless it answers an appeal already. Refused (409) while a data " +
      "system's task is open: the last task to close completes the request by itself.",
    body: versionOnly,
    run: completeRequest,
  },
  {
    name: "close-task",
    operationId: "closeTask",
    summary: "Close a data system's task by hand",
    description:
      "When a system's owner has done the work, or it holds nothing of the kind: `done` or `not_applicable`, with " +
      "what was done or why not. Closing the last open task completes the request and sends the decision.",
    body: closeTaskBody,
    run: closeTask,
  },
  {
    name: "reissue-package",
    operationId: "reissuePackage",
    summary: "Send the requester a new link to their access package",
    description:
      "For a completed access request: a new link, valid `PACKAGE_LINK_DAYS` for `PACKAGE_DOWNLOAD_LIMIT` downloads, " +
      "is e-mailed to the requester, and the old one stops working. 409 when the request has no package yet.",
    body: versionOnly,
    run: reissuePackage,
  },
  {
    name: "withdraw",
    operationId: "withdrawRequest",
    summary: "Withdraw at the requester's wish",
    description: "`note` (required) records how and when the requester asked; they are sent a confirmation.",
    body: withdrawBody,
    run: withdrawRequest,
  },
  {
    name: "scope",
    operationId: "correctRequestScope",
    summary: "Correct whose data the request is about",
    description:
      "The controllers whose processor-held data it concerns. One added gets a routed part of its own, routed from " +
      "now as at intake; the part of one taken out that still waits for its controller is cancelled, and the " +
      "controller is told by status callback. Refused (409) for a controller that has already given instructions.",
    body: scopeBody,
    run: correctScope,
  },
  {
    name: "duplicate",
    operationId: "markRequestDuplicate",
    summary: "Close as a repeat of an earlier request",
    description: "Onto another request of the same subject, which answers both; the requester is told which to follow.",
    body: duplicateBody,
    run: markDuplicate,
  },
];
for (const spec of reviewActions) addAction(reviewActionRoutes, spec);
