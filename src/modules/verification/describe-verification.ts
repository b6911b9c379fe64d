import { and, desc, eq, isNull } from "drizzle-orm";
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

/**
 * What a verification page must ask, read without changing anything (mail scanners open links): by the link's
 * token, or by the request's id for the page that takes the tracking number and the code (its latest verification).
 */
export async function describeVerification({
  ctx,
  input,
}: {
  ctx: AppContext;
  input: { token: string } | { requestId: string };
}): Promise<VerificationPage> {
  const [found] = await ctx.db
    .select({ verification: verifications, request: requests })
    .from(verifications)
    .innerJoin(requests, eq(requests.id, verifications.requestId))
    .where(
      "token" in input
        ? eq(verifications.tokenHash, keyedHash(ctx.config.TOKEN_SECRET, "verification-token", input.token))
        : and(eq(verifications.requestId, input.requestId), isNull(verifications.supersededAt)),
    )
    .orderBy(desc(verifications.createdAt))
    .limit(1);
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
      ? { declaration: declarationText(request.jurisdiction, request.submitterRole === "parent", request.language) }
      : {}),
    ...(verification.confirmsAgent
      ? { agentName: request.submitterOrganisation ?? request.submitterName ?? "an agent" }
      : {}),
  };
}

/** The request a tracking number names, for the pages and the API that take one in place of the id. */
export async function requestIdOf(ctx: Pick<AppContext, "db">, trackingNumber: string): Promise<string | undefined> {
  const [found] = await ctx.db
    .select({ id: requests.id })
    .from(requests)
    .where(eq(requests.trackingNumber, trackingNumber));
  return found?.id;
}

/** A request named by its id or by its tracking number (which every e-mail carries). */
export async function requestIdOfReference(ctx: Pick<AppContext, "db">, reference: string) {
  const upper = reference.trim().toUpperCase();
  return upper.startsWith("RD-") ? requestIdOf(ctx, upper) : reference;
}
