import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import postgres from "postgres";
import { migrationsFolder } from "../src/db/index.js";
import { migratePostgres } from "../src/db/postgres.js";

/** A fresh, migrated database on the PostgreSQL server named by BENCH_DATABASE_URL (default: the local one). */
export async function freshBenchDatabase(name: string): Promise<string> {
  const server = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  await migratePostgres(url.toString(), migrationsFolder);
  return url.toString();
}

/**
 * Starts the built Node entry point on PostgreSQL, as a scaled deployment runs it: an API process (no jobs in it,
 * unless `RUN_JOBS` says otherwise), and resolves once it is ready. Its log goes to ours, or to the file descriptor
 * given.
 */
export async function startServer(
  env: Record<string, string>,
  port: number,
  { logTo = "inherit" }: { logTo?: "inherit" | number } = {},
): Promise<ChildProcess> {
  execFileSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" });
  const child = spawn(process.execPath, ["dist/server.js"], {
    env: { ...process.env, LOG_LEVEL: "warn", RUN_JOBS: "false", ...env },
    stdio: ["ignore", "ignore", logTo],
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill();
  throw new Error("The server did not become ready in 20 s.");
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * `BENCH_SMOKE=1` runs every benchmark small (a few thousand rows, two seconds of load): the same code paths and the
 * same printed table, so CI notices a benchmark that no longer runs. Its figures mean nothing.
 */
export const smoke = process.env.BENCH_SMOKE === "1";

/** A size the environment may set, else the full one, or in smoke mode the small one. */
export function benchSize(variable: string, full: number, small: number): number {
  const set = process.env[variable];
  return set ? Number(set) : smoke ? small : full;
}

export const seconds = (full: number) => benchSize("BENCH_SECONDS", full, 2);
