import { and, count, eq, isNull } from "drizzle-orm";
import type { AppContext, ResolvedConfig } from "../../context.js";
import type { Transaction } from "../../db/index.js";
import { writeAtOnce } from "../../db/one-statement.js";
import { requests, verifications } from "../../db/schema/index.js";
import { dataPointsTouchedBy, verificationNeeded } from "../../domain/verification.js";
import { recordEvent } from "../audit/record-event.js";
import { type NewVerification, verificationWrites } from "./start-verification.js";

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
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [request] = await tx.select().from(requests).where(eq(requests.id, input.requestId)).for("update");
    if (request?.status !== "verifying") return "not_found";
    const replaced = await replaceVerification(tx, ctx.config, request, now, { template: "verification" });
    if (replaced) {
      await recordEvent(tx, {
        requestId: request.id,
        at: now,
        actor: { type: "requester" },
        action: "verification_resent",
      });
    }
    return replaced ? "sent" : "not_found";
  });
}

type Settings = Pick<ResolvedConfig, "PUBLIC_BASE_URL" | "VERIFICATION_TTL_HOURS" | "TOKEN_SECRET">;

/**
 * Supersedes a request's open verification with a new one, sent to the address the first went to. Used when the
 * requester asks again and by the sweep's reminder, which must carry a fresh link because the first has expired.
 */
export async function replaceVerification(
  tx: Transaction,
  config: Settings,
  request: typeof requests.$inferSelect,
  now: Date,
  message: NonNullable<NewVerification["message"]>,
): Promise<boolean> {
  const [previous] = await tx
    .select({ email: verifications.email })
    .from(verifications)
    .where(eq(verifications.requestId, request.id))
    .limit(1);
  if (!previous) return false;
  const [{ sent } = { sent: 0 }] = await tx
    .select({ sent: count() })
    .from(verifications)
    .where(eq(verifications.requestId, request.id));
  await tx
    .update(verifications)
    .set({ supersededAt: now })
    .where(and(eq(verifications.requestId, request.id), isNull(verifications.supersededAt)));
  const recipientName = request.submitterRole === "parent" ? request.submitterName : request.subjectName;
  await writeAtOnce(
    tx,
    verificationWrites(tx, config, {
      requestId: request.id,
      trackingNumber: request.trackingNumber,
      need: verificationNeeded({
        kind: request.kind,
        jurisdiction: request.jurisdiction,
        accessScope: request.accessScope ?? undefined,
        actingAsParent: request.submitterRole === "parent",
      }),
      recipient: { email: previous.email, name: recipientName || request.subjectName },
      confirmsAgent: request.submitterRole === "authorized_agent",
      excludedDataPoints: dataPointsTouchedBy(request.corrections),
      now,
      sequence: sent + 1,
      message,
    }),
  );
  return true;
}
