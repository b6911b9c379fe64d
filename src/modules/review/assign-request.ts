import { and, eq, inArray, isNull } from "drizzle-orm";
import { staffUsers } from "../../db/schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { type ActionResult, assertAnswerPending, type StaffCall, staffAction } from "./staff-action.js";

/** Takes an unassigned request (or confirms one's own); taking a colleague's is an admin's reassignment. */
export function claimRequest(call: StaffCall) {
  return staffAction(call, async ({ request, change }): Promise<ActionResult> => {
    assertAnswerPending(request);
    if (request.assigneeId && request.assigneeId !== call.actor.id) {
      throw new DomainError("conflict", "Someone else has claimed this request; an admin can reassign it.");
    }
    const version = await change({ action: "claimed", set: { assigneeId: call.actor.id } });
    return { id: request.id, status: request.status, version };
  });
}

/**
 * Gives a request to a reviewer or admin, or (with `null`) back to the team's unassigned bucket. A request a
 * colleague holds is reassigned only by an admin, as `claim` says.
 */
export function assignRequest(call: StaffCall<{ assigneeId: string | null }>) {
  const { assigneeId } = call.input;
  return staffAction(call, async ({ tx, request, change }): Promise<ActionResult> => {
    assertAnswerPending(request);
    const colleagues = request.assigneeId !== null && request.assigneeId !== call.actor.id;
    if (colleagues && call.actor.role !== "admin") {
      throw new DomainError("forbidden", "A colleague holds this request; only an admin can reassign it.");
    }
    if (assigneeId) {
      const [assignee] = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(
          and(
            eq(staffUsers.id, assigneeId),
            inArray(staffUsers.role, ["admin", "reviewer"]),
            isNull(staffUsers.disabledAt),
          ),
        );
      if (!assignee) {
        throw new DomainError("validation", "Requests can be assigned only to active reviewers and admins.", [
          { field: "assigneeId", message: "is not an active reviewer or admin" },
        ]);
      }
    }
    const version = await change({ action: assigneeId ? "assigned" : "unassigned", set: { assigneeId } });
    return { id: request.id, status: request.status, version };
  });
}
