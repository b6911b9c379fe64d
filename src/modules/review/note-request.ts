import type { AppContext } from "../../context.js";
import type { Actor } from "../../domain/actor.js";
import { applyChange } from "../requests/move-request.js";
import { mailFiler } from "../requests/request-mail.js";
import { type ActionResult, assertAnswerPending, onRequest, type StaffActionInput } from "./staff-action.js";

/** An internal note on the request's trail; the requester never sees it. */
export function addNote({
  ctx,
  actor,
  input,
}: {
  ctx: AppContext;
  actor: Actor;
  input: StaffActionInput & { note: string };
}) {
  return onRequest(ctx, actor, input, async ({ tx, request, at }): Promise<ActionResult> => {
    const version = await applyChange(tx, request, {
      requestId: request.id,
      actor,
      at,
      action: "note_added",
      data: { note: input.note },
    });
    return { id: request.id, status: request.status, version };
  });
}

/**
 * Asks the requester for what the team needs to answer, by e-mail through the outbox in the same transaction. The
 * clock keeps running: verification and questions do not stop it (CA, legal-rules.md §3), so ask early.
 */
export function askForInformation({
  ctx,
  actor,
  input,
}: {
  ctx: AppContext;
  actor: Actor;
  input: StaffActionInput & { message: string };
}) {
  return onRequest(ctx, actor, input, async ({ tx, request, at }): Promise<ActionResult> => {
    assertAnswerPending(request);
    const version = await applyChange(tx, request, {
      requestId: request.id,
      actor,
      at,
      action: "information_requested",
      data: { message: input.message },
    });
    await mailFiler(tx, request, {
      template: "information_requested",
      key: `information_requested:${version}`,
      at,
      payload: { message: input.message },
    });
    return { id: request.id, status: request.status, version };
  });
}
