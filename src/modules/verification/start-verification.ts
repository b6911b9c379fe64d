import { randomUUID } from "node:crypto";
import type { SQL } from "drizzle-orm";
import type { ResolvedConfig } from "../../context.js";
import { insertJsonRows } from "../../db/json-insert.js";
import { verifications } from "../../db/schema/index.js";
import { addDaysToInstant, addHoursToInstant, receiptDate } from "../../domain/calendar.js";
import { type DataPointKind, unverifiedCloseDays, type VerificationNeed } from "../../domain/verification.js";
import type { Jurisdiction } from "../../domain/vocabulary.js";
import { keyedHash, newVerificationSecrets } from "../../security/secrets.js";
import { mailInsert } from "../outbox/enqueue.js";

export interface NewVerification {
  requestId: string;
  trackingNumber: string;
  /** When the request arrived, and under which law: an unverified request closes a number of days after it. */
  receivedAt: Date;
  jurisdiction: Jurisdiction;
  need: VerificationNeed;
  recipient: { email: string; name: string };
  /** Who filed the request when not the subject: the e-mail names them. */
  filedBy?: { role: "authorized_agent" | "parent"; name: string } | undefined;
  /** The subject must also confirm that they gave the agent permission (see `consumerConfirmsAgent`). */
  confirmsAgent: boolean;
  excludedDataPoints: DataPointKind[];
  now: Date;
  /** Distinguishes the e-mails of successive verifications of one request (first, resent...). */
  sequence: number;
  /** The first e-mail, or the reminder that carries a fresh link after the first has expired. */
  template?: "verification" | "verification_reminder";
}

type Settings = Pick<
  ResolvedConfig,
  "PUBLIC_BASE_URL" | "VERIFICATION_TTL_HOURS" | "VERIFICATION_CLOSE_DAYS" | "BUSINESS_TIMEZONE" | "TOKEN_SECRET"
>;

/** The moment an unverified request is closed: VERIFICATION_CLOSE_DAYS after it arrived, or later where its law says. */
export function unverifiedClosesAt(
  config: Pick<Settings, "VERIFICATION_CLOSE_DAYS" | "BUSINESS_TIMEZONE">,
  request: { jurisdiction: Jurisdiction; receivedAt: Date },
): Date {
  const receivedOn = receiptDate(request.receivedAt, config.BUSINESS_TIMEZONE).toString();
  const days = unverifiedCloseDays(request.jurisdiction, receivedOn, config.VERIFICATION_CLOSE_DAYS);
  return addDaysToInstant(request.receivedAt, days, config.BUSINESS_TIMEZONE);
}

/**
 * A verification and the e-mail that carries its link and code, to be written with the change that needs them.
 * Only keyed hashes of the token and code are stored; the e-mail's copy is sealed until the dispatcher sends it.
 */
export function verificationWrites(config: Settings, verification: NewVerification): [SQL, SQL] {
  const { token, code } = newVerificationSecrets();
  const expiresAt = addHoursToInstant(verification.now, config.VERIFICATION_TTL_HOURS);
  const verifyUrl = new URL(`/verify/${token}`, config.PUBLIC_BASE_URL).toString();
  const closesOn = receiptDate(unverifiedClosesAt(config, verification), config.BUSINESS_TIMEZONE).toString();
  const addressing = {
    recipientName: verification.recipient.name,
    trackingNumber: verification.trackingNumber,
    verifyUrl,
    closesOn,
    ...(verification.filedBy ? { filedBy: verification.filedBy } : {}),
  };
  return [
    insertJsonRows(verifications, [
      {
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
      },
    ]),
    mailInsert(
      {
        idempotencyKey: `request:${verification.requestId}:verification:${verification.sequence}`,
        ...(verification.template === "verification_reminder"
          ? { template: "verification_reminder" as const, payload: addressing }
          : {
              template: "verification" as const,
              payload: { ...addressing, code, expiresAt: expiresAt.toISOString() },
            }),
        recipient: verification.recipient.email,
        requestId: verification.requestId,
        dueAt: verification.now,
      },
      config.TOKEN_SECRET,
    ),
  ];
}

/** A code is only meaningful for its own request, so the request id is part of what is hashed. */
export function codeHash(key: string, requestId: string, code: string): string {
  return keyedHash(key, "verification-code", `${requestId}:${code}`);
}
