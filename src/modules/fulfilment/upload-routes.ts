import { createRoute, z } from "@hono/zod-openapi";
import { dataCategoryCodes } from "../../domain/data-categories.js";
import { DomainError } from "../../domain/errors.js";
import { limitBody } from "../../http/body-limit.js";
import { createRouter, problemContent, staffProblems } from "../../http/router.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { actionResult, version } from "../review/schemas.js";
import { uploadTaskRecords } from "./upload-records.js";

const maxUploadBytes = 8 * 1024 * 1024;

const upload = createRoute({
  method: "post",
  path: "/v1/review/requests/{id}/tasks/{taskId}/records",
  operationId: "uploadTaskRecords",
  tags: ["Review actions"],
  summary: "Upload what a manual system holds of the subject",
  description:
    "For an access request: a JSON array of flat objects, or a CSV with a header row, as the raw body (at most 8 MiB), " +
    "of one category, at the `version` loaded. The records join the package; close the task by hand after.",
  security: [{ bearer: [] }],
  middleware: [requireStaff("admin", "reviewer"), limitBody(maxUploadBytes, "A file")] as const,
  request: {
    params: z.object({
      id: z.uuid().openapi({ param: { name: "id", in: "path" }, description: "The request's id." }),
      taskId: z.uuid().openapi({ param: { name: "taskId", in: "path" }, description: "The task's id." }),
    }),
    query: z.object({
      version: z.coerce.number().pipe(version),
      category: z.enum(dataCategoryCodes).openapi({ description: "The CCPA category of every record in the file." }),
    }),
    // Not "required": a declared JSON body would be parsed for CSV too; each type is checked by the upload itself.
    body: {
      content: {
        "application/json": { schema: z.array(z.record(z.string(), z.unknown())).openapi({ description: "Records." }) },
        "text/csv": { schema: z.string().openapi({ description: "A header row, then one record a row." }) },
      },
    },
  },
  responses: {
    200: {
      description: "Kept; the new version and how many records.",
      content: { "application/json": { schema: actionResult.extend({ records: z.number().int() }) } },
    },
    400: { description: "The file does not parse.", content: problemContent },
    404: { description: "No such request, or no such task of it.", content: problemContent },
    409: { description: "Stale version, or the task is closed.", content: problemContent },
    413: { description: "Over 8 MiB.", content: problemContent },
    415: { description: "Neither JSON nor CSV.", content: problemContent },
    422: { description: "A record that cannot be kept, named by its place.", content: problemContent },
    ...staffProblems,
  },
});

export const taskUploadRoutes = createRouter<StaffEnv>().openapi(upload, async (c) => {
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json" && mediaType !== "text/csv") {
    throw new DomainError("unsupported_media_type", "Send the records as application/json or text/csv.");
  }
  const { id, taskId } = c.req.valid("param");
  const query = c.req.valid("query");
  const content = new TextDecoder("utf-8", { fatal: false }).decode(await c.req.arrayBuffer());
  const result = await uploadTaskRecords({
    ctx: c.get("ctx"),
    actor: c.get("actor"),
    input: { requestId: id, version: query.version, taskId, category: query.category, mediaType, content },
  });
  return c.json(result, 200);
});
