import { eq } from "drizzle-orm";
import { type AppealOutcome, appeals } from "../../db/schema/index.js";
import { isDayOver } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { regulatorFor } from "../../domain/regulators.js";
import { type ActionResult, onRequest, type StaffCall } from "../review/staff-action.js";

export interface AppealDecisionInput {
  outcome: AppealOutcome;
  explanation: string;
}

/**
 * Decides an appeal. Separation of duties: the admin who decided the request may not decide its appeal. A reversal
 * (in whole or part) sends the request back to fulfilment in the same transaction; anything short of a full
 * reversal tells the requester where to complain (legal-rules.md §6: every appeal denial carries the AG's contact).
 */
export function decideAppeal(call: StaffCall<AppealDecisionInput>) {
  const { ctx, actor, input } = call;
  return onRequest(call, async ({ tx, request, at, change, mail }): Promise<ActionResult> => {
    if (request.decidedBy && request.decidedBy === actor.id) {
      throw new DomainError(
        "forbidden",
        "An appeal must be decided by someone other than who made the original decision.",
      );
    }
    const [appeal] = await tx.select().from(appeals).where(eq(appeals.requestId, request.id));
    if (!appeal || appeal.decidedAt) throw new DomainError("invalid_transition", "This request has no open appeal.");
    await tx
      .update(appeals)
      .set({
        outcome: input.outcome,
        explanation: input.explanation,
        decidedBy: actor.id ?? null,
        decidedAt: at,
      })
      .where(eq(appeals.id, appeal.id));
    const late = isDayOver(appeal.respondBy, at, ctx.config.BUSINESS_TIMEZONE);
    let version = await change({
      action: "appeal_decided",
      to: "appeal_decided",
      data: { outcome: input.outcome, explanation: input.explanation, late },
    });
    let status: ActionResult["status"] = "appeal_decided";
    if (input.outcome !== "upheld") {
      version = await change({
        action: "fulfilling",
        to: "fulfilling",
        set: { outcome: input.outcome === "reversed" ? "fulfilled" : "partly_fulfilled" },
      });
      status = "fulfilling";
    }
    const regulator = input.outcome === "reversed" ? undefined : regulatorFor(request.jurisdiction);
    await mail({
      template: "appeal_decision",
      key: "appeal_decision",
      payload: { outcome: input.outcome, explanation: input.explanation, ...(regulator ? { regulator } : {}) },
    });
    return { id: request.id, status, version };
  });
}
