import { and, eq, isNull, lte, notExists, sql } from "drizzle-orm";
import type { ResolvedConfig } from "../context.js";
import type { Database } from "../db/index.js";
import { outbox, requests } from "../db/schema/index.js";
import { addDaysToInstant } from "../domain/calendar.js";
import { closeUnverified, purgeUnverified, remindUnverified } from "../modules/verification/unverified-requests.js";

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

const batch = 200;

/**
 * Requests whose requester never proved who they are: one reminder after VERIFICATION_REMINDER_DAYS, closure as
 * refused after VERIFICATION_CLOSE_DAYS, and the purge of their personal data UNVERIFIED_PURGE_DAYS later. The sweep
 * only picks the requests that are due; each step is the verification module's, and happens once per request even
 * when two sweeps run at once.
 */
export async function runVerificationSweep(deps: VerificationSweepDeps, now: Date): Promise<VerificationSweepReport> {
  const { db, config } = deps;
  const daysAgo = (days: number) => addDaysToInstant(now, -days, config.BUSINESS_TIMEZONE);
  const remindedAlready = db
    .select({ one: sql`1` })
    .from(outbox)
    .where(and(eq(outbox.requestId, requests.id), eq(outbox.template, "verification_reminder")));
  const toRemind = await dueIds(
    db,
    and(
      eq(requests.status, "verifying"),
      lte(requests.receivedAt, daysAgo(config.VERIFICATION_REMINDER_DAYS)),
      notExists(remindedAlready),
    ),
  );
  const toClose = await dueIds(
    db,
    and(eq(requests.status, "verifying"), lte(requests.receivedAt, daysAgo(config.VERIFICATION_CLOSE_DAYS))),
  );
  // A notice still waiting to be delivered needs its address: purge once it is out.
  const owedStill = db
    .select({ one: sql`1` })
    .from(outbox)
    .where(and(eq(outbox.requestId, requests.id), eq(outbox.state, "pending")));
  const toPurge = await dueIds(
    db,
    and(
      lte(requests.closedUnverifiedAt, daysAgo(config.UNVERIFIED_PURGE_DAYS)),
      isNull(requests.purgedAt),
      notExists(owedStill),
    ),
  );
  return {
    reminded: await count(toRemind, (id) => remindUnverified(db, config, id, now)),
    closed: await count(toClose, (id) => closeUnverified(db, config, id, now)),
    purged: await count(toPurge, (id) => purgeUnverified(db, id, now)),
  };
}

async function dueIds(db: Database, condition: ReturnType<typeof and>): Promise<string[]> {
  const rows = await db.select({ id: requests.id }).from(requests).where(condition).limit(batch);
  return rows.map((row) => row.id);
}

async function count(ids: string[], step: (id: string) => Promise<boolean>): Promise<number> {
  let done = 0;
  for (const id of ids) if (await step(id)) done += 1;
  return done;
}
