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
  const name = `rightsdesk_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  await migratePostgres(url.toString(), migrationsFolder);
  const handle = connectPostgres({ url: url.toString() });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database ${name} with (force)`);
      await admin.end();
    },
  };
}
