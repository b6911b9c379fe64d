import { eq } from "drizzle-orm";
import { tasks } from "../../db/schema/index.js";
import type { FinishedTaskStatus } from "../../domain/tasks.js";
import { type ActionResult, type StaffCall, staffAction } from "../review/staff-action.js";
import type { KeptData } from "./schemas.js";
import { assertTaskOpenForStaff, lockTask, settleFulfilment } from "./tasks.js";

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
    const task = await lockTask(tx, request.id, input.taskId);
    assertTaskOpenForStaff(task, request);
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
