import { and, eq, isNull, lte, ne, notExists, or, sql } from "drizzle-orm";
import type { ResolvedConfig } from "../context.js";
import type { Database } from "../db/index.js";
import { outbox, requests } from "../db/schema/index.js";
import { addDaysToInstant, receiptDate } from "../domain/calendar.js";
import { unverifiedCloseFloors } from "../domain/verification.js";
import {
  appealSettled,
  closeUnverified,
  purgeUnverified,
  remindUnverified,
} from "../modules/verification/unverified-requests.js";

export interface VerificationSweepDeps {
  db: Database;
  config: Parameters<typeof closeUnverified>[1] &
    Pick<ResolvedConfig, "VERIFICATION_REMINDER_DAYS" | "VERIFICATION_CLOSE_DAYS" | "UNVERIFIED_PURGE_DAYS">;
}

export interface VerificationSweepReport {
  reminded: number;
  closed: number;
  purged: number;
}

const batch = 200;

/**
 * Requests whose requester never proved who they are: one reminder after VERIFICATION_REMINDER_DAYS, closure as
 * refused after VERIFICATION_CLOSE_DAYS (or the longer period of the request's law), and the purge of their personal
 * data UNVERIFIED_PURGE_DAYS later, once the refusal can no longer be appealed. The sweep
 * only picks the requests that are due; each step is the verification module's, and happens once per request even
 * when two sweeps run at once.
 */
export async function runVerificationSweep(deps: VerificationSweepDeps, now: Date): Promise<VerificationSweepReport> {
  const { db, config } = deps;
  const daysAgo = (days: number) => addDaysToInstant(now, -days, config.BUSINESS_TIMEZONE);
  const today = receiptDate(now, config.BUSINESS_TIMEZONE).toString();
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
  // Where a law holds a request open longer (California's 45 days), it is not due until then.
  const pastFloors = unverifiedCloseFloors(config.VERIFICATION_CLOSE_DAYS).map((floor) =>
    or(ne(requests.jurisdiction, floor.jurisdiction), lte(requests.receivedAt, daysAgo(floor.days))),
  );
  const toClose = await dueIds(
    db,
    and(
      eq(requests.status, "verifying"),
      lte(requests.receivedAt, daysAgo(config.VERIFICATION_CLOSE_DAYS)),
      ...pastFloors,
    ),
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
      appealSettled(today),
    ),
  );
  return {
    reminded: await count(toRemind, (id) => remindUnverified(db, config, id, now)),
    closed: await count(toClose, (id) => closeUnverified(db, config, id, now)),
    purged: await count(toPurge, (id) => purgeUnverified(db, id, now, today)),
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
