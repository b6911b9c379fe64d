import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { type AppealOutcome, appeals } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { receiptDate } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { regulatorFor } from "../../domain/regulators.js";
import { applyChange } from "../requests/move-request.js";
import { mailFiler } from "../requests/request-mail.js";
import { type ActionResult, onRequest, type StaffActionInput } from "../review/staff-action.js";

export interface AppealDecisionInput extends StaffActionInput {
  outcome: AppealOutcome;
  explanation: string;
}

/**
 * Decides an appeal. Separation of duties: the admin who decided the request may not decide its appeal. A reversal
 * (in whole or part) sends the request back to fulfilment in the same transaction; anything short of a full
 * reversal tells the requester where to complain (legal-rules.md §6: every appeal denial carries the AG's contact).
 */
export function decideAppeal({ ctx, actor, input }: { ctx: AppContext; actor: Actor; input: AppealDecisionInput }) {
  return onRequest(ctx, actor, input, async ({ tx, request, at }): Promise<ActionResult> => {
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
        version: appeal.version + 1,
      })
      .where(eq(appeals.id, appeal.id));
    let version = await applyChange(tx, request, {
      requestId: request.id,
      actor,
      at,
      action: "appeal_decided",
      to: "appeal_decided",
      data: {
        outcome: input.outcome,
        explanation: input.explanation,
        late: receiptDate(at, ctx.config.BUSINESS_TIMEZONE).toString() > appeal.respondBy,
      },
    });
    let status: ActionResult["status"] = "appeal_decided";
    if (input.outcome !== "upheld") {
      version = await applyChange(
        tx,
        { ...request, status, version },
        {
          requestId: request.id,
          actor,
          at,
          action: "fulfilling",
          to: "fulfilling",
          set: { outcome: input.outcome === "reversed" ? "fulfilled" : "partly_fulfilled" },
        },
      );
      status = "fulfilling";
    }
    const regulator = input.outcome === "reversed" ? undefined : regulatorFor(request.jurisdiction);
    await mailFiler(tx, request, {
      template: "appeal_decision",
      key: "appeal_decision",
      at,
      payload: { outcome: input.outcome, explanation: input.explanation, ...(regulator ? { regulator } : {}) },
    });
    return { id: request.id, status, version };
  });
}
