import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { Database, DatabaseHandle } from "./database.js";
import * as schema from "./schema/index.js";

export interface PostgresOptions {
  url: string;
  /** Connections in this process's pool. */
  max?: number;
}

export function connectPostgres({ url, max = 10 }: PostgresOptions): DatabaseHandle {
  const client = postgres(url, { max, onnotice: () => {} });
  const db: Database = drizzle({ client, schema });
  return { db, engine: "postgres", close: () => client.end({ timeout: 5 }) };
}

export async function migratePostgres(url: string, migrationsFolder: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
  } finally {
    await client.end({ timeout: 5 });
  }
}
