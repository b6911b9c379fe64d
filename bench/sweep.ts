import { sql } from "drizzle-orm";
import { loadConfig } from "../src/config.js";
import { connectPostgres } from "../src/db/postgres.js";
import { runReminderSweep } from "../src/jobs/reminder-sweep.js";
import { freshBenchDatabase } from "./support.js";

const openRequests = Number(process.env.BENCH_REQUESTS ?? 1_000_000);

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

  const seeding = performance.now();
  await db.execute(sql`
    insert into requests (id, tracking_number, kind, status, jurisdiction, channel, subject_name, subject_email,
      submitter_role, received_at, respond_by, extension_notice_by, clocks)
    select gen_random_uuid(), 'RD-' || lpad(to_hex(n), 8, '0'), 'access', 'in_review', 'US-VA', 'api',
      'Subject ' || n, 'subject' || n || '@example.com', 'self',
      ${now.toISOString()}::timestamptz - interval '20 days',
      ${today}::date + (case when n % 50 = 0 then -1 - (n / 50) % 20 else n % 31 end),
      ${today}::date + (case when n % 50 = 0 then -1 - (n / 50) % 20 else n % 31 end) + 15, '[]'::jsonb
    from generate_series(1, ${openRequests}) n`);
  // A live database is vacuumed; without this, autovacuum of the fresh million rows competes with the sweep.
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

  console.log(
    `sweep benchmark: ${openRequests.toLocaleString("en-US")} open requests on PostgreSQL (seeded in ${seeded.toFixed(1)} s)`,
  );
  console.log(
    `  first sweep   ${firstSeconds.toFixed(2)} s   enqueued ${report.reviewerReminders} reviewer reminders, ${report.escalations} escalations, ${report.extensionWarnings} extension warnings`,
  );
  console.log(
    `  second sweep  ${secondSeconds.toFixed(2)} s   enqueued ${again.reviewerReminders + again.escalations + again.extensionWarnings} (everything already owed)`,
  );
  console.log(
    `  a day later   ${nextDaySeconds.toFixed(2)} s   enqueued ${daily.reviewerReminders + daily.escalations + daily.extensionWarnings}`,
  );
  console.log("  target: one sweep <= 10 s");
}
