import { z } from "@hono/zod-openapi";
import { dataCategoryCodes } from "../../domain/data-categories.js";
import { deletionExceptionCodes, deletionExceptions } from "../../domain/deletion-exceptions.js";
import { taskStatuses } from "../../domain/tasks.js";
import { line, paragraph } from "../../http/shared-schemas.js";

const recordField = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_ .-]{0,99}$/, "must be a field name of letters, digits, spaces, dots, dashes");

/**
 * One record of the subject's data as a system found it: flat, so each category becomes one CSV table of the access
 * package. Text follows the product's one text rule (no NUL, which PostgreSQL cannot store, nor lone surrogates).
 */
export const foundRecord = z
  .object({
    category: z.enum(dataCategoryCodes).openapi({ description: "The CCPA category it belongs to." }),
    record: z
      .record(recordField, z.union([paragraph(10_000), z.number(), z.boolean(), z.null()]))
      .refine((record) => Object.keys(record).length <= 100, "must have at most 100 fields")
      .openapi({ example: { email: "jane.doe@example.com", plan: "premium" } }),
  })
  .openapi("FoundRecord");
export type FoundRecord = z.infer<typeof foundRecord>;

/** What a system kept of a person's data after a deletion, and the exception it relies on. */
export const keptData = z
  .object({
    what: line(300).openapi({ example: "Invoices of the last seven years" }),
    exception: z.enum(deletionExceptionCodes).openapi({
      description: `Why it may be kept: ${deletionExceptionCodes.map((code) => `\`${code}\` (${deletionExceptions[code].cite})`).join("; ")}.`,
    }),
  })
  .openapi("KeptData");
export type KeptData = z.infer<typeof keptData>;

/** What a system says it did with a task. */
export const taskReport = z
  .object({
    taskId: z.uuid(),
    outcome: z.enum(["done", "not_applicable", "failed"]).openapi({
      description:
        "`done`; `not_applicable` when the system holds nothing of the subject's; `failed` when it could not do it " +
        "(the task shows as failed to the privacy team, and a later report may still finish it).",
    }),
    summary: line(2_000).optional().openapi({ description: "What was done, or what went wrong." }),
    counts: z
      .record(line(100), z.number().int().min(0).max(Number.MAX_SAFE_INTEGER))
      .refine((counts) => Object.keys(counts).length <= 100, "must have at most 100 entries")
      .optional()
      .openapi({ description: "How many of each thing it found, deleted or changed.", example: { rows: 3 } }),
    kept: z
      .array(keptData)
      .max(100)
      .optional()
      .openapi({ description: "For a deletion: what the system kept, each under the exception that allows it." }),
    records: z
      .array(foundRecord)
      .max(10_000)
      .optional()
      .openapi({ description: "For an access request: what it holds of the subject, at most 10,000 a report." }),
    more: z.boolean().default(false).openapi({
      description: "More records follow in another report: the task stays open and `outcome` is not yet applied.",
    }),
  })
  .strict()
  .openapi("TaskReport");
export type TaskReport = z.infer<typeof taskReport>;

export const taskState = z.object({ taskId: z.uuid(), status: z.enum(taskStatuses) }).openapi("TaskState");
export type TaskState = z.infer<typeof taskState>;
