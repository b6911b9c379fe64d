import type { AppContext } from "../../context.js";
import type { Actor } from "../../domain/actor.js";
import { receiptDate } from "../../domain/calendar.js";
import { planExtension } from "../../domain/extension.js";
import { applyChange } from "../requests/move-request.js";
import { mailFiler } from "../requests/request-mail.js";
import { type ActionResult, assertAnswerPending, onRequest, type StaffActionInput } from "./staff-action.js";

export interface ExtensionInput extends StaffActionInput {
  /** Why more time is needed; the requester reads it in the notice, as the law requires. */
  reason: string;
  /** The new deadline; the most the rules allow when absent. */
  until?: string | undefined;
}

/**
 * Extends the deadline once, within the rules (see `planExtension`), and owes the requester the notice with the
 * reason in the same transaction, so no extension exists that the requester was not told of.
 */
export function extendDeadline({ ctx, actor, input }: { ctx: AppContext; actor: Actor; input: ExtensionInput }) {
  return onRequest(ctx, actor, input, async ({ tx, request, at }): Promise<ActionResult & { respondBy: string }> => {
    assertAnswerPending(request);
    const today = receiptDate(at, ctx.config.BUSINESS_TIMEZONE).toString();
    const plan = planExtension(request, today, input.until);
    const version = await applyChange(tx, request, {
      requestId: request.id,
      actor,
      at,
      action: "extended",
      set: { respondBy: plan.newRespondBy, extendedAt: at },
      data: { reason: input.reason, basis: plan.basis },
    });
    await mailFiler(tx, request, {
      template: "extension_notice",
      key: "extension_notice",
      at,
      payload: { newRespondBy: plan.newRespondBy, reason: input.reason },
    });
    return { id: request.id, status: request.status, version, respondBy: plan.newRespondBy };
  });
}
