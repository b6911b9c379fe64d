import { and, asc, count, eq, notInArray, sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import type { ResolvedConfig } from "../../context.js";
import type { Executor, Transaction } from "../../db/index.js";
import { dataSystems, tasks } from "../../db/schema/index.js";
import { receiptDate } from "../../domain/calendar.js";
import { finishedTaskStatuses, taskDueOn } from "../../domain/tasks.js";
import type { RequestRow } from "../request-lifecycle/index.js";

/**
 * Opens a task for every enabled data system that handles the request's kind, in the transaction of the decision
 * that calls for them, each due `TASK_LEAD_BUSINESS_DAYS` before the request's deadline.
 */
export async function openTasks(
  tx: Transaction,
  request: RequestRow,
  at: Date,
  config: Pick<ResolvedConfig, "BUSINESS_TIMEZONE" | "TASK_LEAD_BUSINESS_DAYS">,
): Promise<void> {
  const systems = await tx
    .select({ id: dataSystems.id })
    .from(dataSystems)
    .where(and(eq(dataSystems.enabled, true), sql`${request.kind}::request_kind = any(${dataSystems.requestKinds})`));
  if (systems.length === 0) return;
  const dueOn = taskDueOn(
    Temporal.PlainDate.from(request.respondBy),
    config.TASK_LEAD_BUSINESS_DAYS,
    receiptDate(at, config.BUSINESS_TIMEZONE),
  ).toString();
  // A request decided again (after an appeal) keeps the tasks it had: a system's part is done once.
  await tx
    .insert(tasks)
    .values(systems.map((system) => ({ requestId: request.id, dataSystemId: system.id, dueOn, createdAt: at })))
    .onConflictDoNothing();
}

/** How many of a request's tasks are not over yet. */
export async function openTaskCount(db: Executor, requestId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(tasks)
    .where(and(eq(tasks.requestId, requestId), notInArray(tasks.status, [...finishedTaskStatuses])));
  return row?.n ?? 0;
}

/** Open tasks, and those of them past their due date on `today`: the fulfilment backlog. */
export function openTaskBacklog(db: Executor, today: string) {
  return db
    .select({
      open: count(),
      overdue: sql<number>`count(*) filter (where ${tasks.dueOn} < ${today}::date)`.mapWith(Number),
    })
    .from(tasks)
    .where(notInArray(tasks.status, [...finishedTaskStatuses]));
}

/** A request's tasks with the system each belongs to, for the people who follow it. */
export function tasksOfRequest(db: Executor, requestId: string) {
  return db
    .select({
      id: tasks.id,
      dataSystem: { id: dataSystems.id, name: dataSystems.name, reach: dataSystems.reach },
      status: tasks.status,
      dueOn: tasks.dueOn,
      attempts: tasks.attempts,
      result: tasks.result,
      closedReason: tasks.closedReason,
      closedBy: tasks.closedBy,
      createdAt: tasks.createdAt,
      finishedAt: tasks.finishedAt,
    })
    .from(tasks)
    .innerJoin(dataSystems, eq(dataSystems.id, tasks.dataSystemId))
    .where(eq(tasks.requestId, requestId))
    .orderBy(asc(dataSystems.name));
}
