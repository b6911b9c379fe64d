import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import type { Database, DatabaseHandle } from "./database.js";
import * as schema from "./schema/index.js";

/**
 * PostgreSQL in this process, persisted under `dataDir` ("memory://" keeps it in memory). It has no separate server
 * to migrate, so it is migrated on every open; drizzle skips migrations already applied.
 */
export async function openPglite(
  dataDir: string,
  migrationsFolder: string,
): Promise<DatabaseHandle & { client: PGlite }> {
  const client = await PGlite.create(dataDir);
  const db: Database = drizzle({ client, schema });
  await migrate(drizzle({ client }), { migrationsFolder });
  return { db, engine: "pglite", client, close: () => client.close() };
}
