import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { requests, verifications } from "../../db/schema/index.js";
import { type DataPointKind, dataPointKinds, declarationText } from "../../domain/verification.js";
import { keyedHash } from "../../security/secrets.js";

export type VerificationPage =
  | { state: "not_found" | "expired" | "locked" | "already_verified" }
  | {
      state: "pending";
      trackingNumber: string;
      dataPointsNeeded: number;
      askable: DataPointKind[];
      declaration?: string;
      agentName?: string;
    };

/** What the page behind a verification link must ask, read without changing anything (mail scanners open links). */
export async function describeVerification({
  ctx,
  input,
}: {
  ctx: AppContext;
  input: { token: string };
}): Promise<VerificationPage> {
  const [found] = await ctx.db
    .select({ verification: verifications, request: requests })
    .from(verifications)
    .innerJoin(requests, eq(requests.id, verifications.requestId))
    .where(eq(verifications.tokenHash, keyedHash(ctx.config.TOKEN_SECRET, "verification-token", input.token)));
  if (found?.request.status !== "verifying") {
    return { state: found?.verification.completedAt ? "already_verified" : "not_found" };
  }
  const { verification, request } = found;
  if (verification.completedAt) return { state: "already_verified" };
  if (verification.lockedAt) return { state: "locked" };
  if (verification.supersededAt || verification.expiresAt <= ctx.now()) return { state: "expired" };
  return {
    state: "pending",
    trackingNumber: request.trackingNumber,
    dataPointsNeeded: verification.dataPointsNeeded,
    askable: dataPointKinds.filter((kind) => !verification.excludedDataPoints.includes(kind)),
    ...(verification.declarationNeeded
      ? { declaration: declarationText(request.jurisdiction, request.submitterRole === "parent") }
      : {}),
    ...(verification.confirmsAgent
      ? { agentName: request.submitterOrganisation ?? request.submitterName ?? "an agent" }
      : {}),
  };
}
