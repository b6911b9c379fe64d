import { sql } from "drizzle-orm";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { connectPostgres } from "../src/db/postgres.js";
import { systemJob } from "../src/domain/actor.js";
import { createStaffToken } from "../src/modules/staff/staff-tokens.js";
import { ownIdentity, seedRequests } from "./seed.js";
import { benchSize, freshBenchDatabase, percentile } from "./support.js";

const totalRequests = benchSize("BENCH_REQUESTS", 1_000_000, 5_000);
const rounds = benchSize("BENCH_ROUNDS", 300, 10);

/**
 * Seeds a million requests as a busy privacy team's database holds them: 80% still owed an answer with deadlines
 * over the next 30 days (2% overdue), 20% answered; 30% of the open ones assigned among 10 reviewers; 2% filed by
 * agents, 0.5% about minors; 22 jurisdictions and 6 kinds. Then times the first page of the queue through the whole
 * app (token check, validation, query, counts, JSON), unfiltered and with each filter.
 */
export async function benchQueue(): Promise<void> {
  const url = await freshBenchDatabase("rightsdesk_bench_queue");
  const database = connectPostgres({ url });
  const { db } = database;
  const now = new Date("2026-11-20T15:00:00Z");
  const today = "2026-11-20";

  const reviewers = [];
  for (let i = 0; i < 10; i++) {
    reviewers.push(
      await createStaffToken(
        db,
        { email: `reviewer${i}@bench.example`, role: "reviewer", label: "bench" },
        { actor: systemJob("bench"), at: now },
      ),
    );
  }
  const [me] = reviewers;
  if (!me) throw new Error("no reviewer");
  const seeding = performance.now();
  const assignees = sql.raw(`array[${reviewers.map((r) => `'${r.staffId}'`).join(",")}]::uuid[]`);
  await seedRequests(db, totalRequests, {
    ...ownIdentity,
    kind: sql`(array['access','portability','correction','deletion','opt_out','limit_sensitive'])[1 + n % 6]::request_kind`,
    status: sql`case when n % 5 = 0 then (array['completed','denied','withdrawn'])[1 + (n / 5) % 3]::request_status
      else (array['verifying','in_review','in_review','fulfilling'])[1 + n % 4]::request_status end`,
    jurisdiction: sql`(enum_range(null::jurisdiction))[1 + n % 22]`,
    submitterRole: sql`case when n % 50 = 7 then 'authorized_agent' else 'self' end::submitter_role`,
    flags: sql`case when n % 50 = 7 then array['agent']::request_flag[] when n % 200 = 11 then array['minor']::request_flag[]
      else '{}'::request_flag[] end`,
    receivedAt: sql`${now.toISOString()}::timestamptz - make_interval(days => 30 - n % 31, secs => n % 86400)`,
    respondBy: sql`${today}::date + (case when n % 50 = 1 then -1 - (n / 50) % 20 else n % 31 end)`,
    assigneeId: sql`case when n % 10 < 3 then (${assignees})[1 + (n / 10) % 10] end`,
  });
  await db.execute(sql`vacuum analyze requests`);
  const seeded = (performance.now() - seeding) / 1000;

  const config = { ...loadConfig({ DATABASE_URL: url }), TOKEN_SECRET: "a-bench-key-of-more-than-32-characters" };
  const app = createApp({ db, config, now: () => now });
  const headers = { authorization: `Bearer ${me.token}` };
  const cases: [string, string][] = [
    ["no filter", ""],
    ["kind=deletion", "?kind=deletion"],
    ["jurisdiction=US-VA", "?jurisdiction=US-VA"],
    ["assignee=me", "?assignee=me"],
    ["assignee=none", "?assignee=none"],
    ["overdue=true", "?overdue=true"],
    ["dueBefore (in a week)", "?dueBefore=2026-11-27"],
    ["flagged=minor", "?flagged=minor"],
    ["flagged=agent", "?flagged=agent"],
    ["status=denied", "?status=denied"],
    ["q=RD-0000-A (a prefix)", "?q=RD-0000-A"],
    ["kind + jurisdiction + assignee=none", "?kind=access&jurisdiction=US-CA&assignee=none"],
  ];
  console.log(
    `queue benchmark: ${totalRequests.toLocaleString("en-US")} requests on PostgreSQL (seeded in ${seeded.toFixed(1)} s), first page of 50, ${rounds} rounds each`,
  );
  // Warm the caches for every case first, as a running service has them warm.
  for (const [, query] of cases) await app.request(`/v1/review/requests${query}`, { headers });
  for (const [name, query] of cases) {
    const timings: number[] = [];
    let items = 0;
    for (let round = 0; round < rounds + 20; round++) {
      const started = performance.now();
      const res = await app.request(`/v1/review/requests${query}`, { headers });
      const page = (await res.json()) as { items: unknown[] };
      if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
      if (round >= 20) timings.push(performance.now() - started);
      items = page.items.length;
    }
    timings.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(38)} p50 ${percentile(timings, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(timings, 95).toFixed(1).padStart(6)} ms   (${items} items)`,
    );
  }
  console.log("  target: p95 <= 20 ms");
  await database.close();
}
