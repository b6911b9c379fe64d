import { and, desc, eq, isNull } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Database } from "../../db/index.js";
import { subjectRecords, verifications } from "../../db/schema/index.js";
import { type Actor, anonymousRequester } from "../../domain/actor.js";
import {
  type DataPointKind,
  type DataPoints,
  dataPointKinds,
  declarationText,
  matchingDataPoints,
  type VerificationLevel,
} from "../../domain/verification.js";
import { keyedHash, sameDigest } from "../../security/secrets.js";
import { onRequest, type RequestWork } from "../request-lifecycle/index.js";
import { codeHash } from "./start-verification.js";

export const maxFailedAttempts = 5;

export interface IdentityProof {
  /** Either the link token (the page) or the request id and the code from the e-mail (the API). */
  by: { token: string } | { requestId: string; code: string };
  dataPoints?: DataPoints | undefined;
  declaration?: { fullName: string; affirmed: boolean } | undefined;
  confirmsAgent?: boolean | undefined;
  ip: string;
}

/** What came of an attempt. All are normal outcomes of verification, so they are values, not errors. */
export type VerificationOutcome =
  | { outcome: "verified"; level: VerificationLevel; treatedAsCategories: boolean }
  | { outcome: "incomplete"; missing: string[] }
  | { outcome: "wrong_answer"; attemptsLeft: number }
  | { outcome: "locked" | "expired" | "already_verified" | "not_found" };

type Verification = typeof verifications.$inferSelect;

/**
 * Checks a requester's proof: control of the e-mail address (the link, or the code), then the data points and
 * declaration the level needs, matched against the records the company holds. Wrong codes and unmatched answers
 * count against the same five attempts. Success moves the request to review in the same transaction.
 */
export async function verifyIdentity({
  ctx,
  input,
}: {
  ctx: AppContext;
  input: IdentityProof;
}): Promise<VerificationOutcome> {
  const found = await findVerification(ctx.db, ctx.config.TOKEN_SECRET, input.by);
  if (!found) return { outcome: "not_found" };
  // The request is locked before its verification, as every other writer of both does.
  const actor: Actor =
    "token" in input.by ? { type: "requester", credential: `verification:${found.id}` } : anonymousRequester;
  return onRequest(ctx.db, { requestId: found.requestId, actor, at: ctx.now() }, async (work) => {
    const { tx, request, at } = work;
    const [verification] = await tx.select().from(verifications).where(eq(verifications.id, found.id)).for("update");
    if (!verification) return { outcome: "not_found" };
    if (verification.completedAt) return { outcome: "already_verified" };
    if (verification.lockedAt) return { outcome: "locked" };
    if (verification.supersededAt || verification.expiresAt <= at) return { outcome: "expired" };
    if (request.status !== "verifying") return { outcome: "not_found" };

    if ("code" in input.by) {
      const given = codeHash(ctx.config.TOKEN_SECRET, verification.requestId, input.by.code);
      if (!sameDigest(given, verification.codeHash)) return failAttempt(work, verification, "code");
    }

    // An access request may go on without the declaration, as a request for categories; a copy may not, and a
    // parent's declaration of the relationship is never optional.
    const declarationOptional = request.kind === "access" && request.submitterRole !== "parent";
    const missing = missingParts(verification, input, declarationOptional);
    if (missing.length > 0) return { outcome: "incomplete", missing };

    const records = await tx
      .select({
        phone: subjectRecords.phone,
        account_id: subjectRecords.accountId,
        postal_code: subjectRecords.postalCode,
        card_last4: subjectRecords.cardLast4,
        date_of_birth: subjectRecords.dateOfBirth,
      })
      .from(subjectRecords)
      .where(eq(subjectRecords.email, request.subjectEmail));
    const held = records.map((record) => withoutNulls(record));
    const matched = matchingDataPoints(input.dataPoints ?? {}, held, verification.excludedDataPoints);
    const declared = verification.declarationNeeded && input.declaration?.affirmed === true;

    const fullyProven =
      matched.length >= verification.dataPointsNeeded && (!verification.declarationNeeded || declared);
    // 11 CCR §7062: specific pieces that cannot be verified to a high degree are handled as a request for categories
    // where the reasonable degree (two data points) was reached.
    const asCategories =
      !fullyProven && verification.level === "high" && request.accessScope === "specific_pieces" && matched.length >= 2;
    if (!fullyProven && !asCategories) return failAttempt(work, verification, "data_points");

    await tx
      .update(verifications)
      .set({
        completedAt: at,
        matchedDataPoints: matched,
        ...(declared && input.declaration
          ? {
              declarationText: declarationText(
                request.jurisdiction,
                request.submitterRole === "parent",
                request.language,
              ),
              declaredName: input.declaration.fullName,
              declaredAt: at,
              declaredFromIp: input.ip,
            }
          : {}),
      })
      .where(eq(verifications.id, verification.id));
    const level = asCategories ? "basic" : verification.level;
    await work.change({
      action: "verified",
      to: "in_review",
      ...(asCategories ? { set: { accessScope: "categories", verificationLevel: "basic" } } : {}),
      data: {
        level,
        matchedDataPoints: matched.length,
        declaration: declared,
        ...(verification.confirmsAgent ? { agentConfirmedByConsumer: true } : {}),
        ...(asCategories ? { treatedAsCategories: true } : {}),
      },
    });
    return { outcome: "verified", level, treatedAsCategories: asCategories };
  });
}

/** The verification a proof names: by its link's token, or the request's current one for a code. */
async function findVerification(
  db: Database,
  key: string,
  by: IdentityProof["by"],
): Promise<Pick<Verification, "id" | "requestId"> | undefined> {
  const condition =
    "token" in by
      ? eq(verifications.tokenHash, keyedHash(key, "verification-token", by.token))
      : and(eq(verifications.requestId, by.requestId), isNull(verifications.supersededAt));
  const [found] = await db
    .select({ id: verifications.id, requestId: verifications.requestId })
    .from(verifications)
    .where(condition)
    .orderBy(desc(verifications.createdAt))
    .limit(1);
  return found;
}

function missingParts(verification: Verification, input: IdentityProof, declarationOptional: boolean): string[] {
  const missing: string[] = [];
  const answered = dataPointKinds.filter(
    (kind) => (input.dataPoints?.[kind] ?? "").trim() !== "" && !verification.excludedDataPoints.includes(kind),
  );
  if (answered.length < verification.dataPointsNeeded) missing.push("dataPoints");
  if (verification.declarationNeeded && !declarationOptional && input.declaration?.affirmed !== true) {
    missing.push("declaration");
  }
  if (verification.confirmsAgent && input.confirmsAgent !== true) missing.push("confirmsAgent");
  return missing;
}

async function failAttempt(
  { tx, at, change }: RequestWork,
  verification: Verification,
  what: "code" | "data_points",
): Promise<VerificationOutcome> {
  const failedAttempts = verification.failedAttempts + 1;
  const locked = failedAttempts >= maxFailedAttempts;
  await tx
    .update(verifications)
    .set({ failedAttempts, ...(locked ? { lockedAt: at } : {}) })
    .where(eq(verifications.id, verification.id));
  await change({
    action: locked ? "verification_locked" : "verification_failed",
    data: { wrong: what, failedAttempts },
  });
  return locked ? { outcome: "locked" } : { outcome: "wrong_answer", attemptsLeft: maxFailedAttempts - failedAttempts };
}

function withoutNulls(record: Record<DataPointKind, string | null>): DataPoints {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null)) as DataPoints;
}
