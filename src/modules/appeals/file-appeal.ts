import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { appeals } from "../../db/schema/index.js";
import { anonymousRequester } from "../../domain/actor.js";
import { appealClock } from "../../domain/appeals.js";
import { isDayOver, receiptDate } from "../../domain/calendar.js";
import { onRequest } from "../request-lifecycle/index.js";
import { findRequestOfRequester } from "../requester-lookup/find-request.js";

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
  return onRequest(ctx.db, { requestId: found.id, actor: anonymousRequester, at: ctx.now() }, async (work) => {
    const { tx, request, at } = work;
    const refused =
      request.status === "denied" || (request.status === "completed" && request.outcome === "partly_fulfilled");
    const [appealed] = await tx.select({ id: appeals.id }).from(appeals).where(eq(appeals.requestId, request.id));
    if (!refused || !request.appealBy || appealed) return { outcome: "not_appealable" };
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
    await work.change({
      action: "appeal_received",
      to: "appeal_received",
      data: { respondBy: clock.dueOn, basis: clock.basis },
    });
    await work.owe({ template: "appeal_received", key: "appeal_received", payload: { appealRespondBy: clock.dueOn } });
    return { outcome: "filed", trackingNumber: request.trackingNumber, respondBy: clock.dueOn };
  });
}
