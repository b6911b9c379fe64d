import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { ResolvedConfig } from "../../src/context.js";
import { type Availability, watchDatabase } from "../../src/db/availability.js";
import { isDatabaseUnavailable } from "../../src/db/errors.js";
import { createDatabase, type DatabaseHandle } from "../../src/db/index.js";
import { connectPostgres } from "../../src/db/postgres.js";
import { rowsOf } from "../../src/db/rows.js";
import { reachablePostgres, scratchDatabase } from "../support/database.js";
import { intakeBody } from "../support/factories.js";
import { type FaultyProxy, startFaultyProxy } from "../support/proxy.js";

/**
 * The database goes away under the service, as a stopped server (connections refused) and as a hung one (nothing
 * comes back). Every request is answered 503 with Retry-After within 2 seconds, /readyz within 1, and the service
 * recovers by itself when the database returns.
 */
const server = await reachablePostgres();
if (!server) console.warn("outage.test.ts: skipped, no PostgreSQL server answers (set DATABASE_URL to run it)");

let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
let proxy: FaultyProxy;
let database: DatabaseHandle;
let availability: Availability;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  if (!server) return;
  scratch = await scratchDatabase(server);
  const target = new URL(scratch.url);
  proxy = await startFaultyProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const throughProxy = new URL(scratch.url);
  throughProxy.hostname = "127.0.0.1";
  throughProxy.port = String(proxy.port);
  database = connectPostgres({ url: throughProxy.toString() });
  availability = watchDatabase(throughProxy.toString(), 200, 1000);
  const config: ResolvedConfig = {
    ...loadConfig({}),
    TOKEN_SECRET: "a-test-key-of-more-than-32-characters",
    RATE_LIMIT_INTAKE_PER_IP_HOUR: 1_000_000,
    RATE_LIMIT_INTAKE_PER_EMAIL_DAY: 1_000_000,
  };
  app = createApp({ db: database.db, config, now: () => new Date() }, { availability });
}, 60_000);

afterAll(async () => {
  if (!server) return;
  await availability.stop();
  await database.close();
  await proxy.close();
  await scratch.drop();
});

async function timed(path: string, init?: RequestInit) {
  const started = performance.now();
  const res = await app.request(path, init);
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get("retry-after"), ms: performance.now() - started };
}

const intake = () =>
  timed("/v1/requests", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(intakeBody()),
  });

async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<void> {
  const until = performance.now() + withinMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!server)("a database that goes away", () => {
  it("is answered 503 with Retry-After within 2 s while stopped, and recovers by itself within 2 s", async () => {
    expect((await intake()).status).toBe(202);
    await proxy.refuse();
    // Long enough for failed reconnections to pile up (postgres.js's own delay after as many would be 7 s).
    for (let waited = 0; waited < 6000; waited += 200) {
      const answer = await intake();
      expect(answer).toMatchObject({ status: 503, retryAfter: "5" });
      expect(answer.ms).toBeLessThan(2000);
      const ready = await timed("/readyz");
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(1000);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await proxy.restore();
    await eventually(async () => (await intake()).status === 202, 2000);
    expect((await timed("/readyz")).status).toBe(200);
  }, 60_000);

  it("is answered 503 within 2 s while hung, requests already waiting on it included, and recovers", async () => {
    expect((await intake()).status).toBe(202);
    proxy.hang();
    const answers = await Promise.all([intake(), intake(), intake()]);
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe("5");
      expect(answer.ms).toBeLessThan(2000);
    }
    // Once the heartbeat knows, /readyz takes its word instead of waiting on a connection that hangs.
    expect(availability.up).toBe(false);
    const ready = await timed("/readyz");
    expect(ready).toMatchObject({ status: 503 });
    expect(ready.ms).toBeLessThan(100);
    await proxy.restore();
    await eventually(async () => (await intake()).status === 202, 10_000);
  }, 60_000);

  it("ends a statement that runs past its timeout, and answers it as a database too slow just now (503)", async () => {
    const configured = await createDatabase(
      { DATABASE_URL: scratch.url, DATA_DIR: "" },
      { role: "cli", command: "test" },
    );
    const slow = connectPostgres({ url: scratch.url, statementTimeoutMs: 200 });
    try {
      const [setting] = await rowsOf<{ statement_timeout: string }>(configured.db, sql`show statement_timeout`);
      expect(setting?.statement_timeout).toBe("1min");
      const error = await slow.db.execute(sql`select pg_sleep(2)`).catch((caught: unknown) => caught);
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await slow.close();
      await configured.close();
    }
  });
});
