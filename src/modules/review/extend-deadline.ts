import { receiptDate } from "../../domain/calendar.js";
import { planExtension } from "../../domain/extension.js";
import {
  type ActionResult,
  assertAnswerPending,
  assertOursToDecide,
  type StaffCall,
  staffAction,
} from "./staff-action.js";

export interface ExtensionInput {
  /** Why more time is needed; the requester reads it in the notice, as the law requires. */
  reason: string;
  /** The new deadline; the most the rules allow when absent. */
  until?: string | undefined;
}

/**
 * Extends the deadline once, within the rules (see `planExtension`), and owes the requester the notice with the
 * reason in the same transaction, so no extension exists that the requester was not told of.
 */
export function extendDeadline(call: StaffCall<ExtensionInput>) {
  const { reason, until } = call.input;
  return staffAction(
    call,
    async ({ request, at, change, owe }): Promise<ActionResult & { respondBy: string; warnings: string[] }> => {
      assertAnswerPending(request);
      assertOursToDecide(request);
      const plan = planExtension(request, receiptDate(at, call.ctx.config.BUSINESS_TIMEZONE).toString(), until);
      const version = await change({
        action: "extended",
        set: { respondBy: plan.newRespondBy, extendedAt: at },
        data: { reason, basis: plan.basis, ...(plan.warnings.length ? { warnings: plan.warnings } : {}) },
      });
      await owe({
        template: "extension_notice",
        key: "extension_notice",
        payload: { newRespondBy: plan.newRespondBy, reason },
      });
      return { id: request.id, status: request.status, version, respondBy: plan.newRespondBy, warnings: plan.warnings };
    },
  );
}
