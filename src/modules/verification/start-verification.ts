import { randomUUID } from "node:crypto";
import type { SQLWrapper } from "drizzle-orm";
import type { Config } from "../../config.js";
import type { Executor } from "../../db/index.js";
import { verifications } from "../../db/schema/index.js";
import type { DataPointKind, VerificationNeed } from "../../domain/verification.js";
import { keyedHash, newVerificationSecrets, seal } from "../../security/secrets.js";
import { enqueueMail } from "../outbox/enqueue.js";

export interface NewVerification {
  requestId: string;
  trackingNumber: string;
  need: VerificationNeed;
  recipient: { email: string; name: string };
  confirmsAgent: boolean;
  excludedDataPoints: DataPointKind[];
  now: Date;
  /** Distinguishes the e-mails of successive verifications of one request (first, resent...). */
  sequence: number;
  /** The first e-mail, or the reminder that carries a fresh link after the first has expired. */
  message?: { template: "verification" } | { template: "verification_reminder"; closesOn: string };
}

type Settings = Pick<Config, "PUBLIC_BASE_URL" | "VERIFICATION_TTL_HOURS"> & { TOKEN_SECRET: string };

/**
 * A verification and the e-mail that carries its link and code, to be written with the change that needs them.
 * Only keyed hashes of the token and code are stored; the e-mail's copy is sealed until the dispatcher sends it.
 */
export function verificationWrites(
  db: Executor,
  config: Settings,
  verification: NewVerification,
): [SQLWrapper, SQLWrapper] {
  const { token, code } = newVerificationSecrets();
  const expiresAt = new Date(verification.now.getTime() + config.VERIFICATION_TTL_HOURS * 3_600_000);
  const verifyUrl = new URL(`/verify/${token}`, config.PUBLIC_BASE_URL).toString();
  const { template, ...extra } = verification.message ?? { template: "verification" };
  return [
    db.insert(verifications).values({
      id: randomUUID(),
      requestId: verification.requestId,
      email: verification.recipient.email,
      tokenHash: keyedHash(config.TOKEN_SECRET, "verification-token", token),
      codeHash: codeHash(config.TOKEN_SECRET, verification.requestId, code),
      level: verification.need.level,
      dataPointsNeeded: verification.need.dataPoints,
      declarationNeeded: verification.need.declaration,
      excludedDataPoints: verification.excludedDataPoints,
      confirmsAgent: verification.confirmsAgent,
      expiresAt,
      createdAt: verification.now,
    }),
    enqueueMail(db, {
      idempotencyKey: `request:${verification.requestId}:verification:${verification.sequence}`,
      template,
      recipient: verification.recipient.email,
      requestId: verification.requestId,
      dueAt: verification.now,
      payload: {
        recipientName: verification.recipient.name,
        trackingNumber: verification.trackingNumber,
        expiresAt: expiresAt.toISOString(),
        ...extra,
        sealed: seal(config.TOKEN_SECRET, { code, verifyUrl }),
      },
    }),
  ];
}

/** A code is only meaningful for its own request, so the request id is part of what is hashed. */
export function codeHash(key: string, requestId: string, code: string): string {
  return keyedHash(key, "verification-code", `${requestId}:${code}`);
}
