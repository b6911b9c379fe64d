import { and, eq } from "drizzle-orm";
import { dataSystems, tasks } from "../../db/schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { describeStatus } from "../../domain/lifecycle.js";
import { type FinishedTaskStatus, isTaskOpen } from "../../domain/tasks.js";
import { type ActionResult, type StaffCall, staffAction } from "../review/staff-action.js";
import type { KeptData } from "./schemas.js";
import { settleFulfilment } from "./tasks.js";

export interface TaskClosing {
  taskId: string;
  outcome: FinishedTaskStatus;
  /** What was done, or why nothing needed doing: kept on the task, for the team. */
  reason: string;
  /** For a deletion: what the system kept, and under which exception; the requester is told. */
  kept?: KeptData[] | undefined;
}

/**
 * A staff member closes a data system's task by hand (the system's owner did the work, or it holds nothing of the
 * kind), on the request's trail. The last task to close completes the request and sends its decision, in the same
 * transaction.
 */
export function closeTask(call: StaffCall<TaskClosing>) {
  const { ctx, actor, input } = call;
  return staffAction(call, async (work): Promise<ActionResult> => {
    const { tx, request, at, change } = work;
    const [task] = await tx
      .select({ id: tasks.id, status: tasks.status, system: dataSystems.name })
      .from(tasks)
      .innerJoin(dataSystems, eq(dataSystems.id, tasks.dataSystemId))
      .where(and(eq(tasks.id, input.taskId), eq(tasks.requestId, request.id)))
      .for("update", { of: tasks });
    if (!task) throw new DomainError("not_found", "This request has no such task.");
    if (!isTaskOpen(task.status)) {
      throw new DomainError("conflict", `The task for ${task.system} is closed already.`);
    }
    if (request.status !== "fulfilling") {
      throw new DomainError(
        "invalid_transition",
        `This request is ${describeStatus(request.status)}, so its tasks cannot change.`,
      );
    }
    await tx
      .update(tasks)
      .set({
        status: input.outcome,
        closedReason: input.reason,
        closedBy: actor.id,
        finishedAt: at,
        ...(input.kept?.length ? { result: { kept: input.kept } } : {}),
      })
      .where(eq(tasks.id, task.id));
    const version = await change({
      action: "task_closed",
      data: { task: task.id, dataSystem: task.system, outcome: input.outcome },
    });
    return settleFulfilment(ctx, work, version);
  });
}
