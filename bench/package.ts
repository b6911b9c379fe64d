import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import { loadConfig } from "../src/config.js";
import type { AppContext } from "../src/context.js";
import type { Database } from "../src/db/index.js";
import { connectPostgres } from "../src/db/postgres.js";
import { systemJob } from "../src/domain/actor.js";
import { registerDataSystem } from "../src/modules/data-systems/registry.js";
import { submitRequest } from "../src/modules/intake/submit-request.js";
import { packageStream } from "../src/modules/packages/build-package.js";
import { intakeBody } from "../test/support/factories.js";
import { benchSize, freshBenchDatabase } from "./support.js";

const sizes = [benchSize("BENCH_RECORDS_SMALL", 10_000, 1_000), benchSize("BENCH_RECORDS", 100_000, 5_000)];
const systems = 3;

/**
 * Builds one subject's access package from N records spread over three systems and two categories each (every
 * record with an identifier to withhold), consuming the ZIP as a download would: the time, the bytes, and the peak
 * resident memory while it streams, at 10,000 and at 100,000 records. Memory should not grow with the records.
 */
export async function benchPackage(): Promise<void> {
  if (!collectGarbage) return rerunWithCollector();
  const url = await freshBenchDatabase("rightsdesk_bench_package");
  const database = connectPostgres({ url });
  const config = { ...loadConfig({}), TOKEN_SECRET: "a-bench-key-of-more-than-32-characters" };
  const ctx: AppContext = { db: database.db, config, now: () => new Date() };
  console.log(`package benchmark: one subject's records over ${systems} systems, streamed as a download would`);
  const figures: { records: number; peakRss: number }[] = [];
  const seeded = [];
  for (const records of sizes) seeded.push({ records, requestId: await seedAccessRequest(ctx, records) });
  // Resident memory is a high-water mark: the runs that collect go first, or the others' garbage would show in them.
  const live = [];
  for (const { requestId } of seeded) live.push(await download(ctx, requestId, true));
  for (const [i, { records, requestId }] of seeded.entries()) {
    const floating = await download(ctx, requestId, false);
    const collected = live[i] as Awaited<ReturnType<typeof download>>;
    figures.push({ records, peakRss: collected.peakRss });
    console.log(
      `  ${records.toLocaleString("en-US").padStart(7)} records: ${floating.seconds.toFixed(1)} s, ` +
        `${(records / floating.seconds).toFixed(0)} records/s, ZIP ${(floating.bytes / 1_048_576).toFixed(1)} MiB, ` +
        `peak RSS ${mib(collected.peakRss)} collected every 50 ms (${mib(floating.peakRss)} as V8 leaves it)`,
    );
  }
  const [small, large] = figures;
  if (small && large) {
    console.log(`  peak RSS grew ${mib(large.peakRss - small.peakRss)} from the smaller to the larger package`);
  }
  console.log(
    "  target: peak RSS within 50 MB from 10,000 to 100,000 records. V8 collects short-lived garbage lazily (the\n" +
      "  driver's result buffers are outside its heap), so the peak it leaves grows with the work done; collected\n" +
      "  every 50 ms, the peak is what the download holds.",
  );
  await database.close();
}

const collectGarbage = (globalThis as unknown as { gc?: () => void }).gc;

/** The benchmark needs to collect garbage at will: it runs itself again in a Node that allows it. */
async function rerunWithCollector(): Promise<void> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", "bench/run.ts", "package"], {
    stdio: "inherit",
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`The package benchmark failed (exit ${code}).`);
}

/** Reads the package to its end as a download would; the peak resident memory meanwhile, and the time. */
async function download(ctx: AppContext, requestId: string, collecting: boolean) {
  collectGarbage?.();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(
    () => {
      if (collecting) collectGarbage?.();
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    },
    collecting ? 50 : 20,
  );
  const started = performance.now();
  let bytes = 0;
  const reader = packageStream(ctx, requestId).getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.length;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { seconds, bytes, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
}

const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MiB`;

/** An access request with three systems' tasks done, holding `records` records between them. */
async function seedAccessRequest(ctx: AppContext, records: number): Promise<string> {
  const { db } = ctx;
  const { receipt } = await submitRequest({
    ctx,
    input: intakeBody({ kind: "access", accessScope: "specific_pieces" }),
    channel: "api",
  });
  for (let s = 0; s < systems; s++) {
    const { system } = await registerDataSystem(
      db,
      ctx.config.TOKEN_SECRET,
      {
        name: `System ${s} for ${receipt.id}`,
        reach: "manual",
        owner: { name: "Owner", email: "owner@example.com" },
        requestKinds: ["access"],
        categories: [
          { category: "identifiers", sources: ["You"], purposes: ["Accounts"], recipients: [] },
          { category: "commercial", sources: ["You"], purposes: ["Orders"], recipients: ["Couriers"] },
        ],
        correctableFields: [],
      },
      { actor: systemJob("bench"), at: new Date() },
    );
    await seedTask(db, receipt.id, system.id, Math.ceil(records / systems));
  }
  return receipt.id;
}

async function seedTask(db: Database, requestId: string, dataSystemId: string, records: number) {
  await db.execute(sql`
    with task as (
      insert into tasks (request_id, data_system_id, status, due_on, finished_at)
      values (${requestId}, ${dataSystemId}, 'done', current_date, now()) returning id
    )
    insert into task_records (task_id, category, record)
    select task.id, case when n % 3 = 0 then 'commercial' else 'identifiers' end,
           jsonb_build_object('id', n, 'email', 'jane.doe@example.com', 'name', 'Jane Doe',
             'note', 'Visit ' || n || ' from the mobile app, with a longer text as real notes have',
             'amount', (n % 1000) / 10.0, 'at', '2026-01-01T00:00:00Z', 'ssn', '123-45-6789')
      from task, generate_series(1, ${records}) n`);
}
