import { and, eq, inArray, isNull } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { staffUsers } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { applyChange } from "../requests/move-request.js";
import { type ActionResult, assertAnswerPending, onRequest, type StaffActionInput } from "./staff-action.js";

/** Takes an unassigned request (or confirms one's own); taking a colleague's is an admin's reassignment. */
export function claimRequest({ ctx, actor, input }: { ctx: AppContext; actor: Actor; input: StaffActionInput }) {
  return onRequest(ctx, actor, input, async ({ tx, request, at }): Promise<ActionResult> => {
    assertAnswerPending(request);
    if (request.assigneeId && request.assigneeId !== actor.id) {
      throw new DomainError("conflict", "Someone else has claimed this request; an admin can reassign it.");
    }
    const version = await applyChange(tx, request, {
      requestId: request.id,
      actor,
      at,
      action: "claimed",
      set: { assigneeId: actor.id ?? null },
    });
    return { id: request.id, status: request.status, version };
  });
}

/** Gives a request to a reviewer or admin, or (with `null`) back to the team's unassigned bucket. */
export function assignRequest({
  ctx,
  actor,
  input,
}: {
  ctx: AppContext;
  actor: Actor;
  input: StaffActionInput & { assigneeId: string | null };
}) {
  return onRequest(ctx, actor, input, async ({ tx, request, at }): Promise<ActionResult> => {
    assertAnswerPending(request);
    if (input.assigneeId) {
      const [assignee] = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(
          and(
            eq(staffUsers.id, input.assigneeId),
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
    const version = await applyChange(tx, request, {
      requestId: request.id,
      actor,
      at,
      action: input.assigneeId ? "assigned" : "unassigned",
      set: { assigneeId: input.assigneeId },
    });
    return { id: request.id, status: request.status, version };
  });
}
