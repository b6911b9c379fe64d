import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { loadConfig } from "../src/config.js";
import * as schema from "../src/db/schema/index.js";
import { submitRequest } from "../src/modules/intake/submit-request.js";
import { freshBenchDatabase, percentile, seconds, startServer } from "./support.js";

const connections = 32;
const benchTokenSecret = "a-bench-key-of-more-than-32-characters";
const body = {
  kind: "access",
  subject: { name: "Jane Doe", email: "jane.doe@example.com", phone: "+1 415 555 0100" },
  jurisdiction: "US-CA",
  details: "Please send me a copy of my data.",
} as const;

/**
 * POST /v1/requests over HTTP against pgbench running the very statements the intake sends, captured from the
 * driver, so the ratio says how much of the database's pace the service keeps.
 */
export async function benchIntake(): Promise<void> {
  const duration = seconds(15);
  const databaseUrl = await freshBenchDatabase("rightsdesk_bench_intake");
  const work = mkdtempSync(join(tmpdir(), "rightsdesk-bench-"));

  const script = await captureIntakeTransaction(databaseUrl);
  writeFileSync(join(work, "intake.sql"), script.text);

  const port = 3900 + Math.floor(Math.random() * 90);
  // One client address sends everything here, so the per-address and per-subject limits are lifted.
  const server = await startServer(
    {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      TOKEN_SECRET: benchTokenSecret,
      RATE_LIMIT_INTAKE_PER_IP_HOUR: "1000000000",
      RATE_LIMIT_INTAKE_PER_EMAIL_DAY: "1000000000",
    },
    port,
  );
  let http: autocannon.Result;
  try {
    const options = {
      url: `http://127.0.0.1:${port}/v1/requests`,
      method: "POST" as const,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      connections,
    };
    await autocannon({ ...options, duration: 3 });
    http = await autocannon({ ...options, duration });
  } finally {
    server.kill();
  }
  const failures = http.non2xx + http.errors + http.timeouts;

  const pgbench = spawnSync(
    "pgbench",
    [
      "-n",
      "-M",
      "prepared",
      "-c",
      String(connections),
      "-j",
      "2",
      "-T",
      String(duration),
      "-f",
      join(work, "intake.sql"),
      "-l",
      "--log-prefix",
      join(work, "pgbench"),
      ...script.variables.flatMap(([name, value]) => ["-D", `${name}=${value}`]),
      databaseUrl,
    ],
    { encoding: "utf8" },
  );
  if (pgbench.status !== 0) throw new Error(`pgbench failed:\n${pgbench.stderr}`);
  const tps = Number(/tps = ([\d.]+)/.exec(pgbench.stdout)?.[1]);
  const latencies = readdirSync(work)
    .filter((file) => file.startsWith("pgbench"))
    .flatMap((file) => readFileSync(join(work, file), "utf8").trim().split("\n"))
    .map((line) => Number(line.split(" ")[2]) / 1000)
    .sort((a, b) => a - b);

  const ratio = http.requests.average / tps;
  console.log(`intake benchmark: ${connections} connections, ${duration} s each, PostgreSQL`);
  console.log(
    `  HTTP POST /v1/requests  ${http.requests.average.toFixed(0)} req/s   p50 ${http.latency.p50} ms   p99 ${http.latency.p99} ms   non-2xx/errors ${failures}`,
  );
  console.log(
    `  pgbench same SQL        ${tps.toFixed(0)} tx/s    p50 ${percentile(latencies, 50).toFixed(1)} ms   p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
  console.log(`  ratio HTTP / pgbench    ${ratio.toFixed(2)}   (target >= 0.6; p99 target <= 50 ms)`);
}

interface PgbenchScript {
  text: string;
  variables: [string, string][];
}

/**
 * Runs one intake through the real use case with postgres.js's debug hook on, and turns the statements it sent into
 * a pgbench script: same SQL and parameters, with the request id and tracking number made unique per transaction.
 */
async function captureIntakeTransaction(databaseUrl: string): Promise<PgbenchScript> {
  const sent: { query: string; parameters: unknown[] }[] = [];
  const client = postgres(databaseUrl, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, parameters) => sent.push({ query, parameters }),
  });
  const config = { ...loadConfig({ DATABASE_URL: databaseUrl }), TOKEN_SECRET: benchTokenSecret };
  const { receipt } = await submitRequest({
    ctx: { db: drizzle({ client, schema }), config, now: () => new Date() },
    input: body,
    channel: "api",
  });
  await client.end();

  const uniqueId = "md5(:a || '-' || :b)";
  const variables: [string, string][] = [];
  const statements = sent
    // Transaction brackets are written below; the type lookup is postgres.js's once per connection, not per request.
    .filter(({ query }) => !/^\s*(begin|commit)\b/i.test(query) && !query.includes("pg_catalog.pg_type"))
    .map(({ query, parameters }, statement) =>
      query.replace(/\$(\d+)/g, (_match, n: string) => {
        const value = parameters[Number(n) - 1];
        if (value === null || value === undefined) return "NULL";
        const text =
          typeof value === "string" ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
        if (text === receipt.id) return `${uniqueId}::uuid`;
        if (text === receipt.trackingNumber) return "('RD-' || :a || '-' || :b)";
        const name = `s${statement}p${n}`;
        variables.push([name, text.replaceAll(receipt.id, "@ID@")]);
        return text.includes(receipt.id) ? `replace(:${name}, '@ID@', ${uniqueId})` : `:${name}`;
      }),
    );
  const text = [
    "\\set a random(1, 4000000000000000)",
    "\\set b random(1, 4000000000000000)",
    "BEGIN;",
    ...statements.map((statement) => `${statement.replace(/\s+/g, " ").trim()};`),
    "COMMIT;",
    "",
  ].join("\n");
  return { text, variables };
}
