import type { AppContext } from "../../context.js";
import { anonymousRequester } from "../../domain/actor.js";
import { isAnswerPending } from "../../domain/lifecycle.js";
import { onRequest } from "../request-lifecycle/index.js";
import { withdraw } from "../review/close-request.js";

/**
 * The requester withdraws their own request from the status page, having identified it there (its tracking number
 * and their address, as an appeal does). A request no longer being answered cannot be withdrawn; that is checked on
 * the locked request, so an answer sent meanwhile wins.
 */
export function withdrawByRequester(ctx: AppContext, requestId: string): Promise<"withdrawn" | "answered"> {
  return onRequest(ctx.db, { requestId, actor: anonymousRequester, at: ctx.now() }, async (work) => {
    if (!isAnswerPending(work.request.status)) return "answered";
    await withdraw(work, anonymousRequester, "Withdrawn by the requester on the status page.");
    return "withdrawn";
  });
}
