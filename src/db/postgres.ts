import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database, DatabaseHandle } from "./database.js";
import * as schema from "./schema/index.js";

export interface PostgresOptions {
  /** A postgres:// URL, or the folder of a Unix socket that the embedded database is served on. */
  url: string | { socketDir: string };
  /** Connections in this process's pool. */
  max?: number;
  engine?: DatabaseHandle["engine"];
}

function client({ url, max }: PostgresOptions) {
  // A server that does not answer a connection within a second is treated as down (a 503), not waited for.
  const options = { max, connect_timeout: 1, onnotice: () => {} };
  return typeof url === "string"
    ? postgres(url, options)
    : postgres({ ...options, host: url.socketDir, port: 5432, database: "postgres", username: "postgres" });
}

export function connectPostgres({ url, max = 10, engine = "postgres" }: PostgresOptions): DatabaseHandle {
  const sql = client({ url, max });
  const db: Database = drizzle({ client: sql, schema });
  return { db, engine, close: () => sql.end({ timeout: 5 }) };
}

export async function migratePostgres(url: string, migrationsFolder: string): Promise<void> {
  const sql = client({ url, max: 1 });
  try {
    await migrate(drizzle({ client: sql }), { migrationsFolder });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
