import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import type { DatabaseHandle } from "./database.js";
import type { EmbeddedUse } from "./embedded.js";

export type { Database, DatabaseHandle, Executor, Transaction } from "./database.js";
export type { EmbeddedUse } from "./embedded.js";

export const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

/**
 * The database the configuration names: PostgreSQL through postgres.js when `DATABASE_URL` is set (migrated with
 * `npm run migrate`), otherwise the embedded database under `DATA_DIR`, which one process owns (see
 * `openEmbedded`). Each driver is loaded only when chosen.
 */
export async function createDatabase(
  config: Pick<Config, "DATABASE_URL" | "DATA_DIR">,
  use: EmbeddedUse,
): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) {
    const { connectPostgres } = await import("./postgres.js");
    // A minute is far beyond any statement the product sends (the sweep over a million open requests runs each in
    // seconds); past it, something is wrong, and the connection and its locks are better back in the pool.
    return connectPostgres({ url: config.DATABASE_URL, statementTimeoutMs: 60_000 });
  }
  const { openEmbedded } = await import("./embedded.js");
  return openEmbedded(config.DATA_DIR, migrationsFolder, use);
}
