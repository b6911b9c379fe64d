import { eq } from "drizzle-orm";
import type { ResolvedConfig } from "../../context.js";
import type { Executor } from "../../db/index.js";
import { requests } from "../../db/schema/index.js";
import type { ExerciseStatus } from "../../domain/drp-status.js";
import { requesterPageUrl } from "../../http/page-urls.js";
import { postJsonToCallback } from "../../security/callback-url.js";

/** The page where the consumer confirms a request, which an agent passes on as `user_verification_url`. */
export const verificationPageOf = (config: Pick<ResolvedConfig, "PUBLIC_BASE_URL">, trackingNumber: string) =>
  requesterPageUrl(config.PUBLIC_BASE_URL, "/verify", trackingNumber);

/**
 * Sends an agent one status change of its request, as it was taken at the change, to its callback URL (checked
 * again here: the address it resolves to now). A 2xx is delivered; anything else throws for the outbox to retry.
 */
export async function postExerciseStatus(
  deps: { db: Executor; config: ResolvedConfig },
  callback: { requestId: string; url: string; status: ExerciseStatus },
): Promise<void> {
  let status = callback.status;
  if (status.reason === "need_user_verification") {
    const [request] = await deps.db
      .select({ trackingNumber: requests.trackingNumber })
      .from(requests)
      .where(eq(requests.id, callback.requestId));
    if (request) status = { ...status, user_verification_url: verificationPageOf(deps.config, request.trackingNumber) };
  }
  const answered = await postJsonToCallback(callback.url, status, {
    allowInsecure: deps.config.DRP_CALLBACK_ALLOW_INSECURE,
  });
  if (answered < 200 || answered >= 300) throw new Error(`The agent's callback answered ${answered}.`);
}
