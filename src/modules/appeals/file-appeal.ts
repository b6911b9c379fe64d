import { randomUUID } from "node:crypto";
import type { AppContext } from "../../context.js";
import { appeals } from "../../db/schema/index.js";
import { anonymousRequester } from "../../domain/actor.js";
import { appealClock } from "../../domain/appeals.js";
import { isDayOver, receiptDate } from "../../domain/calendar.js";
import { applyChange, lockRequest } from "../requests/move-request.js";
import { mailFiler } from "../requests/request-mail.js";
import { findRequestOfRequester } from "../status/lookup-status.js";

export interface AppealInput {
  trackingNumber: string;
  /** The address the request was filed with: the subject's or the agent's. */
  email: string;
  statement: string;
}

export type AppealFiling =
  | { outcome: "filed"; trackingNumber: string; respondBy: string }
  | { outcome: "not_found" | "not_appealable" | "window_closed" };

/**
 * Files the requester's appeal of a refusal (a denial, or the refused part of a partial answer) within the window
 * the decision gave, as its own record with its own clock, and acknowledges it. One appeal per request.
 */
export async function fileAppeal({ ctx, input }: { ctx: AppContext; input: AppealInput }): Promise<AppealFiling> {
  const found = await findRequestOfRequester(ctx.db, input);
  if (!found) return { outcome: "not_found" };
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, found.id);
    const refused =
      request.status === "denied" || (request.status === "completed" && request.outcome === "partly_fulfilled");
    if (!refused || !request.appealBy) return { outcome: "not_appealable" };
    const at = ctx.now();
    const timeZone = ctx.config.BUSINESS_TIMEZONE;
    if (isDayOver(request.appealBy, at, timeZone)) return { outcome: "window_closed" };
    const clock = appealClock(request.jurisdiction, receiptDate(request.receivedAt, timeZone).toString(), at, timeZone);
    await tx.insert(appeals).values({
      id: randomUUID(),
      requestId: request.id,
      receivedAt: at,
      respondBy: clock.dueOn,
      respondByBasis: clock.basis,
      statement: input.statement,
    });
    await applyChange(tx, request, {
      actor: anonymousRequester,
      at,
      action: "appeal_received",
      to: "appeal_received",
      data: { respondBy: clock.dueOn, basis: clock.basis },
    });
    await mailFiler(tx, request, {
      template: "appeal_received",
      key: "appeal_received",
      at,
      payload: { appealRespondBy: clock.dueOn },
    });
    return { outcome: "filed", trackingNumber: request.trackingNumber, respondBy: clock.dueOn };
  });
}
