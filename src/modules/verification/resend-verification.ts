import type { AppContext } from "../../context.js";
import { anonymousRequester } from "../../domain/actor.js";
import { onRequest } from "../request-lifecycle/index.js";
import { replaceVerification } from "./replace-verification.js";

/**
 * Sends a fresh link and code for a request still waiting for verification, replacing any earlier one, which also
 * lifts a lock after five wrong attempts. The new e-mail goes to the same address as the first: never elsewhere.
 */
export async function resendVerification({
  ctx,
  input,
}: {
  ctx: AppContext;
  input: { requestId: string };
}): Promise<"sent" | "not_found"> {
  const call = {
    requestId: input.requestId,
    actor: anonymousRequester,
    at: ctx.now(),
    ifMissing: () => "not_found" as const,
  };
  return onRequest(ctx.db, call, async (work) => {
    if (work.request.status !== "verifying") return "not_found";
    if (!(await replaceVerification(work, ctx.config, "verification"))) return "not_found";
    await work.change({ action: "verification_resent" });
    return "sent";
  });
}
