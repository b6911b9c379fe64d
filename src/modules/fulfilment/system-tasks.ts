import { and, asc, eq, notInArray } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { dataSystems, requests, tasks } from "../../db/schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { finishedTaskStatuses } from "../../domain/tasks.js";
import { callbackUrlOf, taskJob } from "./task-job.js";

const taskSource = { task: tasks, system: dataSystems, request: requests };

function viewOf(
  ctx: AppContext,
  row: {
    task: typeof tasks.$inferSelect;
    system: typeof dataSystems.$inferSelect;
    request: typeof requests.$inferSelect;
  },
) {
  const job = taskJob(
    row,
    callbackUrlOf(ctx.config.PUBLIC_BASE_URL, row.system.id),
    ctx.now(),
    ctx.config.BUSINESS_TIMEZONE,
  );
  return { ...job.data, status: row.task.status };
}

/** A system's open tasks, soonest due first, each with the job it is asked to do: what a system without webhooks polls. */
export async function openTasksOfSystem(ctx: AppContext, systemId: string) {
  const rows = await ctx.db
    .select(taskSource)
    .from(tasks)
    .innerJoin(dataSystems, eq(dataSystems.id, tasks.dataSystemId))
    .innerJoin(requests, eq(requests.id, tasks.requestId))
    .where(and(eq(tasks.dataSystemId, systemId), notInArray(tasks.status, [...finishedTaskStatuses])))
    .orderBy(asc(tasks.dueOn), asc(tasks.createdAt))
    .limit(200);
  return rows.map((row) => viewOf(ctx, row));
}

/** One of the system's own tasks; another system's is not found. */
export async function taskOfSystem(ctx: AppContext, systemId: string, taskId: string) {
  const [row] = await ctx.db
    .select(taskSource)
    .from(tasks)
    .innerJoin(dataSystems, eq(dataSystems.id, tasks.dataSystemId))
    .innerJoin(requests, eq(requests.id, tasks.requestId))
    .where(and(eq(tasks.id, taskId), eq(tasks.dataSystemId, systemId)));
  if (!row) throw new DomainError("not_found", "This system has no such task.");
  return viewOf(ctx, row);
}
