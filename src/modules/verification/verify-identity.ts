import { and, desc, eq, isNull } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Transaction } from "../../db/index.js";
import { requests, subjectRecords, verifications } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import {
  type DataPointKind,
  type DataPoints,
  dataPointKinds,
  declarationText,
  matchingDataPoints,
  type VerificationLevel,
} from "../../domain/verification.js";
import { keyedHash, sameDigest } from "../../security/secrets.js";
import { recordEvent } from "../audit/record-event.js";
import { moveRequest } from "../requests/move-request.js";
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
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const verification = await findVerification(tx, ctx.config.TOKEN_SECRET, input.by);
    if (!verification) return { outcome: "not_found" };
    if (verification.completedAt) return { outcome: "already_verified" };
    if (verification.lockedAt) return { outcome: "locked" };
    if (verification.supersededAt || verification.expiresAt <= now) return { outcome: "expired" };

    const [request] = await tx.select().from(requests).where(eq(requests.id, verification.requestId));
    if (request?.status !== "verifying") return { outcome: "not_found" };
    const actor: Actor = { type: "requester" };

    if ("code" in input.by) {
      const given = codeHash(ctx.config.TOKEN_SECRET, verification.requestId, input.by.code);
      if (!sameDigest(given, verification.codeHash)) return failAttempt(tx, verification, now, "code");
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
    if (!fullyProven && !asCategories) return failAttempt(tx, verification, now, "data_points");

    await tx
      .update(verifications)
      .set({
        completedAt: now,
        matchedDataPoints: matched,
        ...(declared && input.declaration
          ? {
              declarationText: declarationText(request.jurisdiction, request.submitterRole === "parent"),
              declaredName: input.declaration.fullName,
              declaredAt: now,
              declaredFromIp: input.ip,
            }
          : {}),
      })
      .where(eq(verifications.id, verification.id));
    if (asCategories) {
      await tx
        .update(requests)
        .set({ accessScope: "categories", verificationLevel: "basic" })
        .where(eq(requests.id, request.id));
    }
    await moveRequest(tx, {
      requestId: request.id,
      to: "in_review",
      actor,
      at: now,
      action: "verified",
      data: {
        level: asCategories ? "basic" : verification.level,
        matchedDataPoints: matched.length,
        declaration: declared,
        ...(verification.confirmsAgent ? { agentConfirmedByConsumer: true } : {}),
        ...(asCategories ? { treatedAsCategories: true } : {}),
      },
    });
    return {
      outcome: "verified",
      level: asCategories ? "basic" : verification.level,
      treatedAsCategories: asCategories,
    };
  });
}

async function findVerification(
  tx: Transaction,
  key: string,
  by: IdentityProof["by"],
): Promise<Verification | undefined> {
  const condition =
    "token" in by
      ? eq(verifications.tokenHash, keyedHash(key, "verification-token", by.token))
      : and(eq(verifications.requestId, by.requestId), isNull(verifications.supersededAt));
  const [found] = await tx
    .select()
    .from(verifications)
    .where(condition)
    .orderBy(desc(verifications.createdAt))
    .limit(1)
    .for("update");
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
  tx: Transaction,
  verification: Verification,
  now: Date,
  what: "code" | "data_points",
): Promise<VerificationOutcome> {
  const failedAttempts = verification.failedAttempts + 1;
  const locked = failedAttempts >= maxFailedAttempts;
  await tx
    .update(verifications)
    .set({ failedAttempts, ...(locked ? { lockedAt: now } : {}) })
    .where(eq(verifications.id, verification.id));
  await recordEvent(tx, {
    requestId: verification.requestId,
    at: now,
    actor: { type: "requester" },
    action: locked ? "verification_locked" : "verification_failed",
    data: { wrong: what, failedAttempts },
  });
  return locked ? { outcome: "locked" } : { outcome: "wrong_answer", attemptsLeft: maxFailedAttempts - failedAttempts };
}

function withoutNulls(record: Record<DataPointKind, string | null>): DataPoints {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null)) as DataPoints;
}
