import { and, asc, count, eq, notInArray, sql } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import type { AppContext, ResolvedConfig } from "../../context.js";
import type { Executor, Transaction } from "../../db/index.js";
import { dataSystems, tasks } from "../../db/schema/index.js";
import { receiptDate } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { describeStatus } from "../../domain/lifecycle.js";
import { finishedTaskStatuses, isTaskOpen, type TaskStatus, taskDueOn } from "../../domain/tasks.js";
import { mailInsert, taskWorkInsert } from "../outbox/enqueue.js";
import { packagedKinds } from "../packages/issue-package.js";
import type { RequestRow, RequestWork } from "../request-lifecycle/index.js";
import { completeFulfilment } from "../review/decide-request.js";
import type { ActionResult } from "../review/staff-action.js";
import { acceptedChanges, changeLines, changesFor, fieldKey, subjectLines } from "./task-job.js";

/**
 * Opens a task for every enabled data system that handles the request's kind, in the transaction of the decision
 * that calls for them, each due `TASK_LEAD_BUSINESS_DAYS` before the request's deadline, and owes each its work in
 * the same transaction: a signed job to a webhook system, a run of the connector, an e-mail to a manual system's
 * owner (whose task is then with them: `sent`).
 */
export async function openTasks(
  tx: Transaction,
  request: RequestRow,
  at: Date,
  config: Pick<ResolvedConfig, "BUSINESS_TIMEZONE" | "TASK_LEAD_BUSINESS_DAYS" | "PUBLIC_BASE_URL" | "TOKEN_SECRET">,
): Promise<void> {
  const systems = await tx
    .select({
      id: dataSystems.id,
      name: dataSystems.name,
      reach: dataSystems.reach,
      ownerName: dataSystems.ownerName,
      ownerEmail: dataSystems.ownerEmail,
      webhookUrl: dataSystems.webhookUrl,
      connectionTarget: dataSystems.connectionTarget,
      correctableFields: dataSystems.correctableFields,
    })
    .from(dataSystems)
    .where(
      and(
        eq(dataSystems.enabled, true),
        sql`${request.kind}::request_kind = any(${dataSystems.requestKinds})`,
        // A correction reaches only the systems that hold a field it changes.
        ...(request.kind === "correction"
          ? [
              sql`${dataSystems.correctableFields} && array(select jsonb_array_elements_text(${JSON.stringify(
                acceptedChanges(request).map((change) => fieldKey(change.field)),
              )}::text::jsonb))`,
            ]
          : []),
      ),
    );
  if (systems.length === 0) return;
  const dueOn = taskDueOn(
    Temporal.PlainDate.from(request.respondBy),
    config.TASK_LEAD_BUSINESS_DAYS,
    receiptDate(at, config.BUSINESS_TIMEZONE),
  ).toString();
  // A request decided again (after an appeal) keeps the tasks it had: a system's part is done once.
  const opened = await tx
    .insert(tasks)
    .values(
      systems.map((system) => ({
        requestId: request.id,
        dataSystemId: system.id,
        dueOn,
        createdAt: at,
        ...(system.reach === "manual" ? { status: "sent" as const, sentAt: at } : {}),
      })),
    )
    .onConflictDoNothing()
    .returning({ id: tasks.id, dataSystemId: tasks.dataSystemId });
  const work = opened.map((task) => {
    const system = systems.find((one) => one.id === task.dataSystemId) as (typeof systems)[number];
    if (system.reach === "manual") return ownerTaskMail(request, task.id, system, dueOn, at, config);
    return taskWorkInsert({
      channel: system.reach === "webhook" ? "webhook" : "connector",
      taskId: task.id,
      requestId: request.id,
      recipient: (system.reach === "webhook" ? system.webhookUrl : system.connectionTarget) ?? system.name,
      dueAt: at,
    });
  });
  for (const insert of work) await tx.execute(insert);
}

/** The e-mail that gives a manual system's owner the task, with the subject's identifiers sealed until it is sent. */
function ownerTaskMail(
  request: RequestRow,
  taskId: string,
  system: { name: string; ownerName: string; ownerEmail: string; correctableFields: string[] },
  dueOn: string,
  at: Date,
  config: Pick<ResolvedConfig, "PUBLIC_BASE_URL" | "TOKEN_SECRET">,
) {
  return mailInsert(
    {
      idempotencyKey: `task:${taskId}:assigned`,
      template: "task_assigned",
      payload: {
        recipientName: system.ownerName,
        trackingNumber: request.trackingNumber,
        dataSystem: system.name,
        kind: request.kind,
        dueOn,
        wantsRecords: packagedKinds.includes(request.kind),
        subjectIdentifiers: subjectLines(request),
        ...(request.kind === "correction"
          ? { changes: changeLines(changesFor(request, system.correctableFields)) }
          : {}),
        requestUrl: new URL(`/staff/requests/${request.id}`, config.PUBLIC_BASE_URL).toString(),
      },
      recipient: system.ownerEmail,
      requestId: request.id,
      dueAt: at,
    },
    config.TOKEN_SECRET,
  );
}

/** One of the request's tasks, locked for the change about to be made to it, with its system's name. */
export async function lockTask(tx: Transaction, requestId: string, taskId: string) {
  const [task] = await tx
    .select({ id: tasks.id, status: tasks.status, system: dataSystems.name })
    .from(tasks)
    .innerJoin(dataSystems, eq(dataSystems.id, tasks.dataSystemId))
    .where(and(eq(tasks.id, taskId), eq(tasks.requestId, requestId)))
    .for("update", { of: tasks });
  if (!task) throw new DomainError("not_found", "This request has no such task.");
  return task;
}

/** Staff change a task only while it is open and its request is being carried out. */
export function assertTaskOpenForStaff(task: { status: TaskStatus; system: string }, request: RequestRow): void {
  if (!isTaskOpen(task.status)) throw new DomainError("conflict", `The task for ${task.system} is closed already.`);
  if (request.status !== "fulfilling") {
    throw new DomainError(
      "invalid_transition",
      `This request is ${describeStatus(request.status)}, so its tasks cannot change.`,
    );
  }
}

/** How many of a request's tasks are not over yet. */
export async function openTaskCount(db: Executor, requestId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(tasks)
    .where(and(eq(tasks.requestId, requestId), notInArray(tasks.status, [...finishedTaskStatuses])));
  return row?.n ?? 0;
}

/**
 * After a task finished: the request completes, and its decision is owed, once none is open. Answers where the
 * request stands.
 */
export async function settleFulfilment(ctx: AppContext, work: RequestWork, version: number): Promise<ActionResult> {
  if ((await openTaskCount(work.tx, work.request.id)) > 0) {
    return { id: work.request.id, status: work.request.status, version };
  }
  return completeFulfilment(ctx, work);
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
