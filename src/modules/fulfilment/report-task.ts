import { and, count, eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { taskRecords, tasks, webhookReceipts } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { describeStatus } from "../../domain/lifecycle.js";
import { isTaskOpen } from "../../domain/tasks.js";
import { onRequest } from "../request-lifecycle/index.js";
import type { TaskReport, TaskState } from "./schemas.js";
import { lockTask, settleFulfilment } from "./tasks.js";

export interface ReportCall {
  ctx: AppContext;
  /** The system whose task it is; another system's task is not found. */
  systemId: string;
  report: TaskReport;
  /** Who reports: the system itself (a signed callback, the connector) or a job that gave up reaching it. */
  actor: Actor;
  /** A signed callback's id, spent by this report: the same id again is a replay. */
  webhookId?: string;
}

/**
 * A data system's report on its task, on the request's trail with the system as actor. A report on a finished task
 * changes nothing and answers how it stands, so a system may send its answer again; records are kept for the access
 * package; the last task to finish completes the request and sends its decision, in the same transaction.
 */
export async function reportTask({ ctx, systemId, report, actor, webhookId }: ReportCall): Promise<TaskState> {
  const [found] = await ctx.db
    .select({ requestId: tasks.requestId })
    .from(tasks)
    .where(and(eq(tasks.id, report.taskId), eq(tasks.dataSystemId, systemId)));
  if (!found) throw new DomainError("not_found", "This system has no such task.");
  const at = ctx.now();
  return onRequest(ctx.db, { requestId: found.requestId, actor, at }, async (work) => {
    const { tx, request, change } = work;
    if (webhookId) {
      const spent = await tx
        .insert(webhookReceipts)
        .values({ dataSystemId: systemId, webhookId, receivedAt: at })
        .onConflictDoNothing()
        .returning({ webhookId: webhookReceipts.webhookId });
      if (spent.length === 0)
        throw new DomainError("conflict", "A callback with this webhook-id was received already.");
    }
    const task = await lockTask(tx, request.id, report.taskId);
    if (!isTaskOpen(task.status)) return { taskId: task.id, status: task.status };
    if (request.status !== "fulfilling") {
      throw new DomainError(
        "invalid_transition",
        `The request is ${describeStatus(request.status)}: its tasks are over.`,
      );
    }
    const records = report.records ?? [];
    // A statement takes at most 65,535 parameters: a connector may find far more rows than one insert holds.
    for (let from = 0; from < records.length; from += 1_000) {
      const page = records.slice(from, from + 1_000);
      await tx.insert(taskRecords).values(page.map((found) => ({ taskId: task.id, ...found })));
    }
    if (report.more) {
      await tx.update(tasks).set({ status: "sent", lastError: null }).where(eq(tasks.id, task.id));
      return { taskId: task.id, status: "sent" };
    }
    const [kept] = await tx.select({ n: count() }).from(taskRecords).where(eq(taskRecords.taskId, task.id));
    const failed = report.outcome === "failed";
    await tx
      .update(tasks)
      .set({
        status: report.outcome,
        result: {
          ...(report.summary ? { summary: report.summary } : {}),
          ...(report.counts ? { counts: report.counts } : {}),
          ...(report.kept?.length ? { kept: report.kept } : {}),
          ...(kept?.n ? { records: kept.n } : {}),
        },
        lastError: failed ? (report.summary ?? "The system reported a failure.") : null,
        finishedAt: failed ? null : at,
      })
      .where(eq(tasks.id, task.id));
    const version = await change({
      action: failed ? "task_failed" : "task_reported",
      data: {
        task: task.id,
        dataSystem: task.system,
        outcome: report.outcome,
        ...(kept?.n ? { records: kept.n } : {}),
      },
    });
    if (!failed) await settleFulfilment(ctx, work, version);
    return { taskId: task.id, status: report.outcome };
  });
}
