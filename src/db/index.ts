import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import type { DatabaseHandle } from "./database.js";

export type { Database, DatabaseHandle, Executor, Transaction } from "./database.js";

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * The database the configuration names: PostgreSQL through postgres.js when `DATABASE_URL` is set (migrated with
 * `npm run migrate`), otherwise PGlite under `DATA_DIR`. Each driver is loaded only when chosen.
 */
export async function createDatabase(config: Pick<Config, "DATABASE_URL" | "DATA_DIR">): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) {
    const { connectPostgres } = await import("./postgres.js");
    return connectPostgres({ url: config.DATABASE_URL });
  }
  const { openPglite } = await import("./pglite.js");
  const dataDir = join(config.DATA_DIR, "pglite");
  await mkdir(dataDir, { recursive: true });
  return openPglite(dataDir, migrationsFolder);
}
