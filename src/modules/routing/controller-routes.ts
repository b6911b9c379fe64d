import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";
import { controllerActions } from "../../domain/routing.js";
import { jsonBody } from "../../http/json-body.js";
import { createRouter, jsonBodyProblems, problemContent } from "../../http/router.js";
import { line, paragraph } from "../../http/shared-schemas.js";
import { type ControllerEnv, requireController } from "../../http/system-auth.js";
import { packageStream } from "../packages/build-package.js";
import {
  assertPartOf,
  openControllerPackage,
  partsOfController,
  readPart,
  statusOfPart,
} from "./controller-requests.js";
import { acknowledgePart } from "./forwarding.js";
import { instructPart } from "./instructions.js";
import { openDsrVersion } from "./opendsr.js";

const tags = ["Controller API"];
const security = [{ controllerBearer: [] }];
const controllerProblems = {
  401: { description: "No valid controller token.", content: problemContent },
} as const;
const idParam = z.object({
  id: z.uuid().openapi({
    param: { name: "id", in: "path" },
    description: "The routed request's id: OpenDSR's `subject_request_id`.",
  }),
});
const notFound = { 404: { description: "You have no routed request with this id.", content: problemContent } };
const opendsrStatuses = ["pending", "in_progress", "completed", "cancelled"] as const;

const extension = z
  .record(z.string(), z.unknown())
  .openapi({ description: "Under `rightsdesk`: what OpenDSR has no field for." });

const statusObject = z
  .object({
    controller_id: z.uuid(),
    subject_request_id: z.uuid(),
    request_status: z.enum(opendsrStatuses),
    expected_completion_time: z.iso.datetime(),
    api_version: z.literal(openDsrVersion),
    results_url: z.url().optional().openapi({ description: "An export, fetched with your token." }),
    results_count: z.number().int().optional(),
    extensions: extension,
  })
  .openapi("RoutedRequestStatus", {
    description:
      "OpenDSR 2.0's status object, also posted to your webhook as a status callback whenever the request moves on.",
  });

const routedRequest = z
  .object({
    subject_request_id: z.uuid(),
    subject_request_type: z.enum(["access", "portability", "erasure"]).optional(),
    submitted_time: z.iso.datetime(),
    subject_identities: z.array(
      z.object({ identity_type: z.string(), identity_value: z.string(), identity_format: z.literal("raw") }),
    ),
    api_version: z.literal(openDsrVersion),
    extensions: extension,
  })
  .openapi("RoutedRequest", {
    description:
      "OpenDSR 2.0's request object, as your webhook receives it (signed, Standard Webhooks) when the request is " +
      "routed to you. Kinds OpenDSR has no type for (correction, opt-out…) have only `extensions.rightsdesk.kind`.",
  });

const instruction = z
  .object({
    action: z.enum(controllerActions).openapi({
      description:
        "`export`: copy the subject's data from our systems for you; `delete`; `correct` (with `corrections`, or " +
        "the requester's); `opt_out` of sale, sharing and targeted advertising; `no_action` (say why in " +
        "`reason`); `answered`: you answered the requester yourself.",
    }),
    reason: paragraph(2000).optional(),
    corrections: z
      .array(z.object({ field: line(100), currentValue: line(500).optional(), requestedValue: line(500) }))
      .min(1)
      .max(50)
      .optional(),
    tellRequester: z
      .boolean()
      .optional()
      .openapi({ description: "Write to the requester with the result too; otherwise only you hear of it." }),
  })
  .strict()
  .superRefine((value, issues) => {
    if (value.action === "no_action" && !value.reason) {
      issues.addIssue({ code: "custom", path: ["reason"], message: "is required to take no action" });
    }
  })
  .openapi("ControllerInstruction");

const list = createRoute({
  method: "get",
  path: "/v1/controller/requests",
  operationId: "listRoutedRequests",
  tags,
  summary: "Your routed requests",
  description: "Newest first, as status objects; read one for whom it is about.",
  security,
  middleware: [requireController()] as const,
  request: {
    query: z.object({
      status: z.enum(opendsrStatuses).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: "Routed requests.",
      content: { "application/json": { schema: z.object({ items: z.array(statusObject) }) } },
    },
    ...controllerProblems,
  },
});

const read = createRoute({
  method: "get",
  path: "/v1/controller/requests/{id}",
  operationId: "getRoutedRequest",
  tags,
  summary: "One routed request",
  description: "The request with its subject's identifiers, and its status. Reading it is on our audit trail.",
  security,
  middleware: [requireController()] as const,
  request: { params: idParam },
  responses: {
    200: {
      description: "The request.",
      content: { "application/json": { schema: z.object({ request: routedRequest, status: statusObject }) } },
    },
    ...notFound,
    ...controllerProblems,
  },
});

const acknowledge = createRoute({
  method: "post",
  path: "/v1/controller/requests/{id}/acknowledge",
  operationId: "acknowledgeRoutedRequest",
  tags,
  summary: "Say you have it",
  description: "With your own reference if you like. Said again, it changes nothing. On the request's trail.",
  security,
  middleware: [requireController(), jsonBody(4 * 1024)] as const,
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z
            .object({ reference: line(200).optional().openapi({ description: "Your own reference for it." }) })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: { description: "Acknowledged.", content: { "application/json": { schema: statusObject } } },
    ...notFound,
    ...jsonBodyProblems,
    ...controllerProblems,
  },
});

const instruct = createRoute({
  method: "post",
  path: "/v1/controller/requests/{id}/instructions",
  operationId: "instructRoutedRequest",
  tags,
  summary: "Tell us what to do",
  description:
    "The work becomes tasks for our data systems; when they are done, you hear the results (the export's " +
    "`results_url`, or each system's confirmation) by e-mail and status callback, and the requester only if you " +
    "say so. One instruction per request. On the request's trail, with you as the actor.",
  security,
  middleware: [requireController(), jsonBody(64 * 1024)] as const,
  request: { params: idParam, body: { required: true, content: { "application/json": { schema: instruction } } } },
  responses: {
    200: { description: "Taken.", content: { "application/json": { schema: statusObject } } },
    ...notFound,
    409: { description: "It is not waiting for instructions.", content: problemContent },
    ...jsonBodyProblems,
    ...controllerProblems,
  },
});

const download = createRoute({
  method: "get",
  path: "/v1/controller/requests/{id}/package",
  operationId: "downloadRoutedExport",
  tags,
  summary: "Download an export",
  description:
    "The ZIP of what our systems hold of the subject, once an `export` is completed, while it is live (as long, " +
    "and as many times, as a requester's package). Each download is on the request's trail.",
  security,
  middleware: [requireController()] as const,
  request: { params: idParam },
  responses: {
    200: {
      description: "The package.",
      content: { "application/zip": { schema: z.string().openapi({ format: "binary" }) } },
    },
    ...notFound,
    409: { description: "Expired, or downloaded as often as it may be.", content: problemContent },
    ...controllerProblems,
  },
});

const discovery = createRoute({
  method: "get",
  path: "/v1/controller/discovery",
  operationId: "controllerDiscovery",
  tags,
  summary: "What this API speaks",
  description: "OpenDSR 2.0's discovery object: the identities and request types our routed requests carry.",
  security,
  middleware: [requireController()] as const,
  responses: {
    200: {
      description: "Discovery.",
      content: {
        "application/json": {
          schema: z.object({
            api_version: z.literal(openDsrVersion),
            supported_identities: z.array(z.object({ identity_type: z.string(), identity_format: z.string() })),
            supported_subject_request_types: z.array(z.string()),
          }),
        },
      },
    },
    ...controllerProblems,
  },
});

export const controllerApiRoutes = createRouter<ControllerEnv>()
  .openapi(list, async (c) => {
    const { status, limit } = c.req.valid("query");
    return c.json({ items: await partsOfController(c.get("ctx"), c.get("controllerId"), { status, limit }) }, 200);
  })
  .openapi(read, async (c) => c.json(await readPart(c.get("ctx"), c.get("controllerId"), c.req.valid("param").id), 200))
  .openapi(acknowledge, async (c) => {
    const ctx = c.get("ctx");
    const controllerId = c.get("controllerId");
    const { id } = c.req.valid("param");
    await assertPartOf(ctx, controllerId, id);
    await acknowledgePart(ctx, { requestId: id, controllerId, reference: c.req.valid("json").reference });
    return c.json(await statusOfPart(ctx, controllerId, id), 200);
  })
  .openapi(instruct, async (c) => {
    const ctx = c.get("ctx");
    const controllerId = c.get("controllerId");
    const { id } = c.req.valid("param");
    await assertPartOf(ctx, controllerId, id);
    await instructPart(ctx, { requestId: id, controllerId, instruction: c.req.valid("json") });
    return c.json(await statusOfPart(ctx, controllerId, id), 200);
  })
  .openapi(download, async (c) => {
    const ctx = c.get("ctx");
    const { id } = c.req.valid("param");
    const { trackingNumber } = await openControllerPackage(ctx, c.get("controllerId"), id);
    c.header("Content-Type", "application/zip");
    c.header("Content-Disposition", `attachment; filename="export-${trackingNumber}.zip"`);
    c.header("Cache-Control", "no-store");
    return c.body(packageStream(ctx, id)) as never;
  })
  .openapi(discovery, (c) =>
    c.json(
      {
        api_version: openDsrVersion,
        supported_identities: [
          { identity_type: "email", identity_format: "raw" },
          { identity_type: "controller_customer_id", identity_format: "raw" },
        ],
        supported_subject_request_types: ["access", "portability", "erasure"],
      },
      200,
    ),
  );

const signatureHeaders = z.object({
  "webhook-id": z.string().openapi({ description: "The same on every retry of one delivery." }),
  "webhook-timestamp": z.string().openapi({ description: "Seconds since 1970; refuse one five minutes off." }),
  "webhook-signature": z.string().openapi({ description: "`v1,` and the HMAC-SHA256 of id, timestamp and body." }),
});

/**
 * What a controller's webhook receives, in the OpenAPI description's `webhooks`: the routed request, and a status
 * callback at each move, both signed by Standard Webhooks with the controller's secret.
 */
export function documentControllerWebhooks(registry: { registerWebhook(webhook: RouteConfig): void }) {
  registry.registerWebhook({
    method: "post",
    path: "routedRequest",
    operationId: "routedRequestWebhook",
    tags,
    summary: "A request is routed to you",
    description:
      "OpenDSR 2.0's request object. Answer 2xx to take it (anything else is retried, with the same `webhook-id`); " +
      "an answer in OpenDSR's create-response shape is your acknowledgement.",
    request: {
      headers: signatureHeaders,
      body: { required: true, content: { "application/json": { schema: routedRequest } } },
    },
    responses: {
      200: {
        description: "Taken, and acknowledged when it names the request.",
        content: {
          "application/json": {
            schema: z.object({
              subject_request_id: z.uuid(),
              received_time: z.iso.datetime(),
              extensions: z.object({ rightsdesk: z.object({ trackingNumber: z.string() }).partial() }).optional(),
            }),
          },
        },
      },
    },
  });
  registry.registerWebhook({
    method: "post",
    path: "routedRequestStatus",
    operationId: "routedRequestStatusWebhook",
    tags,
    summary: "A routed request moved on",
    description:
      "OpenDSR 2.0's status callback: in progress on your instruction, completed (with `results_url` for an export), or cancelled.",
    request: {
      headers: signatureHeaders,
      body: { required: true, content: { "application/json": { schema: statusObject } } },
    },
    responses: { 200: { description: "Taken." } },
  });
}
