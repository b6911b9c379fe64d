import { createRoute, z } from "@hono/zod-openapi";
import { DomainError } from "../../domain/errors.js";
import { limitBody } from "../../http/body-limit.js";
import { createRouter, problemContent } from "../../http/router.js";
import { requestIdParam } from "../../http/shared-schemas.js";
import {
  type DocumentMediaType,
  documentMediaTypes,
  fileAgentDocument,
  maxDocumentBytes,
  maxDocumentsPerRequest,
} from "./file-agent-document.js";

const binary = { schema: z.string().openapi({ format: "binary" }) };

const file = createRoute({
  method: "post",
  path: "/v1/requests/{id}/documents",
  operationId: "fileAgentDocument",
  tags: ["Verification"],
  summary: "File an agent's signed permission or power of attorney",
  description: `A PDF, PNG or JPEG of at most 5 MiB, sent as the raw body; at most ${maxDocumentsPerRequest} per request.`,
  middleware: [limitBody(maxDocumentBytes, "A document")] as const,
  request: {
    params: requestIdParam,
    body: { required: true, content: Object.fromEntries(documentMediaTypes.map((type) => [type, binary])) },
  },
  responses: {
    201: {
      description: "Filed.",
      content: { "application/json": { schema: z.object({ documentId: z.number().int() }) } },
    },
    404: { description: "No request filed by an agent that is open.", content: problemContent },
    409: { description: "The request already has the most documents allowed.", content: problemContent },
    413: { description: "Over 5 MiB.", content: problemContent },
    415: { description: "Not a PDF, PNG or JPEG.", content: problemContent },
  },
});

export const documentRoutes = createRouter().openapi(file, async (c) => {
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() as DocumentMediaType;
  if (!documentMediaTypes.includes(mediaType))
    throw new DomainError("unsupported_media_type", "Send a PDF, PNG or JPEG.");
  const content = new Uint8Array(await c.req.arrayBuffer());
  if (content.byteLength === 0)
    throw new DomainError("validation", "The document is empty.", [{ field: "(body)", message: "is empty" }]);
  const result = await fileAgentDocument({
    ctx: c.get("ctx"),
    input: { requestId: c.req.valid("param").id, mediaType, content },
  });
  if (result.outcome === "filed") return c.json({ documentId: result.documentId }, 201);
  throw result.outcome === "too_many"
    ? new DomainError("conflict", `A request may have at most ${maxDocumentsPerRequest} documents.`)
    : new DomainError("not_found", "No open request filed by an agent has this id.");
});
