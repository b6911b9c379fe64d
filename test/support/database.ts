import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { loadConfig } from "../../src/config.js";
import { type DatabaseHandle, migrationsFolder } from "../../src/db/index.js";
import { openPglite } from "../../src/db/pglite.js";
import { connectPostgres, migratePostgres } from "../../src/db/postgres.js";

/**
 * A database of the test file's own: PGlite in memory by default, or, when DATABASE_URL is set, a scratch database
 * created on that server, migrated, and dropped on close, so test files never see each other's rows.
 */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  const { DATABASE_URL } = loadConfig(process.env);
  if (!DATABASE_URL) return openPglite("memory://", migrationsFolder);
  const scratch = await scratchDatabase(DATABASE_URL);
  const handle = connectPostgres({ url: scratch.url });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/**
 * A database of its own on a PostgreSQL server, dropped by `drop`: migrated for Rightsdesk, or left empty to stand
 * for a company's own database that a connector works in.
 */
export async function scratchDatabase(
  server: string,
  { migrated = true }: { migrated?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rightsdesk_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  if (migrated) await migratePostgres(url.toString(), migrationsFolder);
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * The PostgreSQL server tests that need a real one use: DATABASE_URL, or in the PGlite pass the local server when one
 * answers. Undefined when there is none, and the test says it skipped.
 */
export async function reachablePostgres(): Promise<string | undefined> {
  const server = loadConfig(process.env).DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const probe = postgres(server, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return server;
  } catch {
    return undefined;
  } finally {
    await probe.end({ timeout: 1 });
  }
}
