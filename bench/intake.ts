import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import * as schema from "../src/db/schema/index.js";
import { freshBenchDatabase, percentile, seconds, smoke, startServer } from "./support.js";

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
  const server = await startServer(
    {
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      TOKEN_SECRET: benchTokenSecret,
      TRUST_PROXY: "true",
    },
    port,
  );
  let http: autocannon.Result;
  try {
    // Many requesters from many addresses, as in life: one address and one subject would make every request
    // queue on the same two rate-limit rows.
    let sent = 0;
    const options = {
      url: `http://127.0.0.1:${port}`,
      connections,
      requests: [
        {
          method: "POST" as const,
          path: "/v1/requests",
          setupRequest: (request: autocannon.Request) => {
            sent += 1;
            const address = `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
            return {
              ...request,
              headers: { "content-type": "application/json", "x-forwarded-for": address },
              body: JSON.stringify({ ...body, subject: { ...body.subject, email: `subject${sent}@example.com` } }),
            };
          },
        },
      ],
    };
    await autocannon({ ...options, duration: smoke ? 1 : 3 });
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
 * Sends two intakes through the real app, in process, with postgres.js's debug hook on, and turns the statements the
 * first sent into a pgbench script: the same SQL and parameters. What differs between the two inside a parameter
 * (ids, token and chain hashes, tracking numbers, rows passed as JSON hold them) is made unique per transaction
 * from pgbench's random variables; the rest, timestamps included, is sent as captured.
 */
async function captureIntakeTransaction(databaseUrl: string): Promise<PgbenchScript> {
  const captures = [await captureOnce(databaseUrl, 1), await captureOnce(databaseUrl, 2)];
  const [first, second] = captures as [Captured[], Captured[]];
  if (first.length !== second.length) throw new Error("Two intakes sent different numbers of statements.");

  // Each distinct id, hash or tracking number of the first intake that the second does not share gets one SQL
  // expression, used wherever it appears.
  const secondText = second.flatMap(({ parameters }) => parameters.map(asText)).join(" ");
  const unique = new Map<string, string>();
  for (const { parameters } of first) {
    for (const value of parameters.map(asText)) {
      for (const [token] of (value ?? "").matchAll(
        /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[0-9a-f]{64}\b|RD-[0-9A-Z]{4}-[0-9A-Z]{4}/g,
      )) {
        if (secondText.includes(token) || unique.has(token)) continue;
        const n = unique.size;
        unique.set(
          token,
          token.length === 36
            ? `md5(:a || '-' || :b || '-${n}')::uuid::text`
            : token.length === 64
              ? `(md5(:a || '-' || :b || '-h${n}') || md5(:b || '-' || :a || '-h${n}'))`
              : `('RD-' || lpad(to_hex(:a::bigint % 65536), 4, '0') || '-' || lpad(to_hex(:b::bigint % 65536), 4, '0'))`,
        );
      }
    }
  }
  const variables: [string, string][] = [];
  const statements = first.map(({ query, parameters }, statement) =>
    query.replace(/\$(\d+)/g, (_match, n: string) => {
      const value = asText(parameters[Number(n) - 1]);
      if (value === undefined) return "NULL";
      const name = `s${statement}p${n}`;
      variables.push([name, value]);
      return [...unique].reduce(
        (expression, [captured, replacement]) =>
          value.includes(captured) ? `replace(${expression}, '${captured}', ${replacement})` : expression,
        `:${name}`,
      );
    }),
  );
  const text = [
    "\\set a random(1, 4000000000000000)",
    "\\set b random(1, 4000000000000000)",
    ...statements.map((statement) => `${statement.replace(/\s+/g, " ").trim()};`),
    "",
  ].join("\n");
  return { text, variables };
}

interface Captured {
  query: string;
  parameters: unknown[];
}

async function captureOnce(databaseUrl: string, requester: number): Promise<Captured[]> {
  const sent: Captured[] = [];
  const client = postgres(databaseUrl, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query, parameters) => sent.push({ query, parameters }),
  });
  const config = {
    ...loadConfig({ DATABASE_URL: databaseUrl, TRUST_PROXY: "true" }),
    TOKEN_SECRET: benchTokenSecret,
  };
  const app = createApp({ db: drizzle({ client, schema }), config, now: () => new Date() });
  const res = await app.request("/v1/requests", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `192.0.2.${requester}` },
    body: JSON.stringify({ ...body, subject: { ...body.subject, email: `captured${requester}@example.com` } }),
  });
  if (res.status !== 202) throw new Error(`The captured intake answered ${res.status}.`);
  await client.end();
  // Transaction brackets are written by the script; the type lookup is postgres.js's, once per connection.
  return sent.filter(({ query }) => !/^\s*(begin|commit)\b/i.test(query) && !query.includes("pg_catalog.pg_type"));
}

function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
}
