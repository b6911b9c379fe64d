import { and, eq, inArray, isNull, lte, notExists, sql } from "drizzle-orm";
import type { ResolvedConfig } from "../context.js";
import type { Database } from "../db/index.js";
import { outbox, requests, verifications } from "../db/schema/index.js";
import { receiptDate } from "../domain/calendar.js";
import { recordEvent } from "../modules/audit/record-event.js";
import { applyChange, lockRequest } from "../modules/requests/move-request.js";
import { mailFiler } from "../modules/requests/request-mail.js";
import { replaceVerification } from "../modules/verification/resend-verification.js";

export interface VerificationSweepDeps {
  db: Database;
  config: Pick<
    ResolvedConfig,
    | "BUSINESS_TIMEZONE"
    | "PUBLIC_BASE_URL"
    | "PRIVACY_CONTACT_EMAIL"
    | "TOKEN_SECRET"
    | "VERIFICATION_TTL_HOURS"
    | "VERIFICATION_REMINDER_DAYS"
    | "VERIFICATION_CLOSE_DAYS"
    | "UNVERIFIED_PURGE_DAYS"
  >;
}

export interface VerificationSweepReport {
  reminded: number;
  closed: number;
  purged: number;
}

const day = 86_400_000;
const batch = 200;

/**
 * Requests whose requester never proved who they are: one reminder (with a fresh link, the first having expired)
 * after VERIFICATION_REMINDER_DAYS, closure as denied with a notice after VERIFICATION_CLOSE_DAYS, and the purge of
 * their personal data UNVERIFIED_PURGE_DAYS later, leaving a record that holds none. Each step is once per request.
 */
export async function runVerificationSweep(deps: VerificationSweepDeps, now: Date): Promise<VerificationSweepReport> {
  return { reminded: await remind(deps, now), closed: await close(deps, now), purged: await purge(deps, now) };
}

async function remind({ db, config }: VerificationSweepDeps, now: Date): Promise<number> {
  const remindedAlready = db
    .select({ one: sql`1` })
    .from(outbox)
    .where(and(eq(outbox.requestId, requests.id), eq(outbox.template, "verification_reminder")));
  const due = await db
    .select()
    .from(requests)
    .where(
      and(
        eq(requests.status, "verifying"),
        lte(requests.receivedAt, new Date(now.getTime() - config.VERIFICATION_REMINDER_DAYS * day)),
        notExists(remindedAlready),
      ),
    )
    .limit(batch);
  let reminded = 0;
  for (const request of due) {
    const closesOn = receiptDate(
      new Date(request.receivedAt.getTime() + config.VERIFICATION_CLOSE_DAYS * day),
      config.BUSINESS_TIMEZONE,
    ).toString();
    const sent = await db.transaction(async (tx) => {
      const current = await lockRequest(tx, request.id);
      if (current.status !== "verifying") return false;
      // Another sweep may have reminded it since the list was read; under the row lock the answer is final.
      const [already] = await tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(eq(outbox.requestId, request.id), eq(outbox.template, "verification_reminder")));
      if (already) return false;
      const replaced = await replaceVerification(tx, config, current, now, {
        template: "verification_reminder",
        closesOn,
      });
      if (replaced) {
        await recordEvent(tx, {
          requestId: request.id,
          at: now,
          actor: { type: "system" },
          action: "verification_reminded",
        });
      }
      return replaced;
    });
    if (sent) reminded += 1;
  }
  return reminded;
}

async function close({ db, config }: VerificationSweepDeps, now: Date): Promise<number> {
  const due = await db
    .select({ id: requests.id })
    .from(requests)
    .where(
      and(
        eq(requests.status, "verifying"),
        lte(requests.receivedAt, new Date(now.getTime() - config.VERIFICATION_CLOSE_DAYS * day)),
      ),
    )
    .limit(batch);
  let closed = 0;
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const request = await lockRequest(tx, id);
      if (request.status !== "verifying") return false;
      await applyChange(tx, request, {
        to: "denied",
        actor: { type: "system" },
        at: now,
        action: "closed_unverified",
        set: { closedUnverifiedAt: now },
        data: { reason: "identity_not_verified" },
      });
      // CA: a deletion that cannot be verified is denied, and the consumer is asked whether they want to opt out
      // of sale and sharing instead, which needs no verification (11 CCR §7022(d)).
      const offerOptOut = request.jurisdiction === "US-CA" && request.kind === "deletion";
      await mailFiler(tx, request, {
        template: "closed_unverified",
        key: "closed_unverified",
        at: now,
        payload: {
          kind: request.kind,
          ...(offerOptOut
            ? { offerOptOutUrl: `mailto:${config.PRIVACY_CONTACT_EMAIL}?subject=Opt%20out%20of%20sale%20and%20sharing` }
            : {}),
        },
      });
      return true;
    });
    if (done) closed += 1;
  }
  return closed;
}

async function purge({ db, config }: VerificationSweepDeps, now: Date): Promise<number> {
  const owedStill = db
    .select({ one: sql`1` })
    .from(outbox)
    .where(and(eq(outbox.requestId, requests.id), eq(outbox.state, "pending")));
  const due = await db
    .select({ id: requests.id })
    .from(requests)
    .where(
      and(
        lte(requests.closedUnverifiedAt, new Date(now.getTime() - config.UNVERIFIED_PURGE_DAYS * day)),
        isNull(requests.purgedAt),
        // A notice still waiting to be delivered needs its address: purge once it is out.
        notExists(owedStill),
      ),
    )
    .limit(batch);
  if (due.length === 0) return 0;
  const candidates = due.map((row) => row.id);
  return db.transaction(async (tx) => {
    // Only rows still unpurged are touched, so two sweeps at once purge and record each request once.
    const purged = await tx
      .update(requests)
      .set({
        subjectName: "",
        subjectEmail: "",
        subjectPhone: null,
        subjectAccountId: null,
        submitterName: null,
        submitterEmail: null,
        submitterOrganisation: null,
        details: null,
        corrections: null,
        purgedAt: now,
      })
      .where(and(inArray(requests.id, candidates), isNull(requests.purgedAt)))
      .returning({ id: requests.id });
    const ids = purged.map((row) => row.id);
    if (ids.length === 0) return 0;
    await tx.update(outbox).set({ recipient: "", payload: {} }).where(inArray(outbox.requestId, ids));
    await tx
      .update(verifications)
      .set({ email: "", declaredName: null, declaredFromIp: null })
      .where(inArray(verifications.requestId, ids));
    await recordEvent(
      tx,
      ...ids.map((requestId) => ({
        requestId,
        at: now,
        actor: { type: "system" as const },
        action: "personal_data_purged",
        data: { reason: "closed_unverified" },
      })),
    );
    return ids.length;
  });
}
