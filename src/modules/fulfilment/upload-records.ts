import { parse } from "csv-parse/sync";
import { z } from "zod";
import { taskRecords } from "../../db/schema/index.js";
import type { DataCategory } from "../../domain/data-categories.js";
import { DomainError, type FieldIssue } from "../../domain/errors.js";
import { type ActionResult, type StaffCall, staffAction } from "../review/staff-action.js";
import { foundRecord } from "./schemas.js";
import { assertTaskOpenForStaff, lockTask } from "./tasks.js";

export interface RecordsUpload {
  taskId: string;
  category: DataCategory;
  mediaType: "application/json" | "text/csv";
  content: string;
}

const records = z.array(foundRecord.shape.record).max(100_000);

/**
 * What a manual system's owner found for an access request, uploaded by staff as a JSON array of flat objects or a
 * CSV with a header row, each record checked like a system's own report; the records join the task's for the
 * package. On the request's trail, with the count only. The task is then closed by hand as usual.
 */
export function uploadTaskRecords(call: StaffCall<RecordsUpload>) {
  const { input } = call;
  const parsed = records.safeParse(readRows(input));
  if (!parsed.success) {
    const issues: FieldIssue[] = parsed.error.issues
      .slice(0, 20)
      .map((issue) => ({ field: `(file) record ${issue.path.join(".")}`, message: issue.message }));
    throw new DomainError("validation", "Some records in the file cannot be kept.", issues);
  }
  return staffAction(call, async ({ tx, request, change }): Promise<ActionResult & { records: number }> => {
    const task = await lockTask(tx, request.id, input.taskId);
    assertTaskOpenForStaff(task, request);
    for (let from = 0; from < parsed.data.length; from += 1_000) {
      const page = parsed.data.slice(from, from + 1_000);
      await tx
        .insert(taskRecords)
        .values(page.map((record) => ({ taskId: task.id, category: input.category, record })));
    }
    const version = await change({
      action: "task_records_uploaded",
      data: { task: task.id, dataSystem: task.system, category: input.category, records: parsed.data.length },
    });
    return { id: request.id, status: request.status, version, records: parsed.data.length };
  });
}

function readRows(upload: RecordsUpload): unknown {
  try {
    if (upload.mediaType === "application/json") return JSON.parse(upload.content);
    return parse(upload.content, { columns: true, skip_empty_lines: true, bom: true });
  } catch {
    throw new DomainError("malformed", `The file is not valid ${upload.mediaType === "text/csv" ? "CSV" : "JSON"}.`);
  }
}
