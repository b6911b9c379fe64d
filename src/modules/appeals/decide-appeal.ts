import { eq } from "drizzle-orm";
import { disputeResolutionOf } from "../../config.js";
import { appeals } from "../../db/schema/index.js";
import { isDayOver } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { rulesOfRequest } from "../../domain/jurisdictions/index.js";
import { recourseOfAppealDecision } from "../../domain/recourse.js";
import type { AppealOutcome } from "../../domain/vocabulary.js";
import { type ActionResult, type StaffCall, staffAction } from "../review/staff-action.js";

export interface AppealDecisionInput {
  outcome: AppealOutcome;
  explanation: string;
}

/**
 * Decides an appeal. Separation of duties: the admin who decided the request may not decide its appeal. A reversal
 * (in whole or part) sends the request back to fulfilment in the same transaction; anything short of a full
 * reversal tells the requester where to complain (every appeal denial carries the regulator's contact, e.g. Va. Code
 * §59.1-577(C), C.R.S. §6-1-1306(3)).
 */
export function decideAppeal(call: StaffCall<AppealDecisionInput>) {
  const { ctx, actor, input } = call;
  return staffAction(call, async ({ tx, request, at, change, owe }): Promise<ActionResult> => {
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
        decidedBy: actor.id,
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
    const recourse = recourseOfAppealDecision(
      rulesOfRequest(request),
      input.outcome === "reversed",
      disputeResolutionOf(ctx.config),
    );
    await owe({
      template: "appeal_decision",
      key: "appeal_decision",
      payload: { outcome: input.outcome, explanation: input.explanation, ...recourse },
    });
    return { id: request.id, status, version };
  });
}
