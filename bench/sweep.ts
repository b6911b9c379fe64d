import { sql } from "drizzle-orm";
import { loadConfig } from "../src/config.js";
import { connectPostgres } from "../src/db/postgres.js";
import { runReminderSweep } from "../src/jobs/reminder-sweep.js";
import { ownIdentity, seedRequests } from "./seed.js";
import { benchSize, freshBenchDatabase } from "./support.js";

const openRequests = benchSize("BENCH_REQUESTS", 1_000_000, 5_000);

/**
 * Seeds a million open requests, as a 30-day promise leaves them: deadlines spread over the next 30 days, and 2%
 * overdue by up to 20 days. Times the first sweep (every threshold crossed at once, as after a long outage), a second
 * at the same instant (everything already owed), and one a day later (the day's new crossings: the steady state).
 */
export async function benchSweep(): Promise<void> {
  const url = await freshBenchDatabase("rightsdesk_bench_sweep");
  const database = connectPostgres({ url });
  const { db } = database;
  const now = new Date("2026-11-20T15:00:00Z");
  const today = "2026-11-20";
  const dueOn = sql`${today}::date + (case when n % 50 = 0 then -1 - (n / 50) % 20 else n % 31 end)`;

  const seeding = performance.now();
  await seedRequests(
    db,
    openRequests,
    {
      ...ownIdentity,
      status: sql`'in_review'`,
      receivedAt: sql`${now.toISOString()}::timestamptz - interval '20 days'`,
      respondBy: dueOn,
      extensionNoticeBy: sql`${dueOn} + 15`,
    },
    { kind: "access", jurisdiction: "US-VA" },
  );
  // A live database is vacuumed; without this, autovacuum of the fresh rows competes with the sweep.
  await db.execute(sql`vacuum analyze requests`);
  const seeded = (performance.now() - seeding) / 1000;

  const config = loadConfig({ DATABASE_URL: url });
  const first = performance.now();
  const report = await runReminderSweep({ db, config }, now);
  const firstSeconds = (performance.now() - first) / 1000;
  const second = performance.now();
  const again = await runReminderSweep({ db, config }, now);
  const secondSeconds = (performance.now() - second) / 1000;
  const nextDay = performance.now();
  const daily = await runReminderSweep({ db, config }, new Date(now.getTime() + 86_400_000));
  const nextDaySeconds = (performance.now() - nextDay) / 1000;
  await database.close();

  const total = (sweep: typeof report) => sweep.reviewerReminders + sweep.escalations + sweep.extensionWarnings;
  console.log(
    `sweep benchmark: ${openRequests.toLocaleString("en-US")} open requests on PostgreSQL (seeded in ${seeded.toFixed(1)} s)`,
  );
  console.log(
    `  first sweep   ${firstSeconds.toFixed(2)} s   enqueued ${report.reviewerReminders} reviewer reminders, ${report.escalations} escalations, ${report.extensionWarnings} extension warnings`,
  );
  console.log(`  second sweep  ${secondSeconds.toFixed(2)} s   enqueued ${total(again)} (everything already owed)`);
  console.log(`  a day later   ${nextDaySeconds.toFixed(2)} s   enqueued ${total(daily)}`);
  console.log("  target: one sweep <= 10 s");
}
