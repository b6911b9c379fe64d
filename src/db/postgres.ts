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
  /**
   * Prepare every statement on each connection the first time it runs there (the default). Off where a pooler in
   * front of the server shares server connections between clients (Cloudflare's Hyperdrive).
   */
  prepare?: boolean;
  /**
   * Ends a statement that runs longer, and a transaction left idle that long (its locks with it). Unset where the
   * platform bounds every call itself (a Worker) and for migrations, which may rightly take long.
   */
  statementTimeoutMs?: number;
}

/**
 * What every PostgreSQL connection the service opens shares.
 * - `backoff`: seconds before connecting again after failed attempts, 50 ms doubling to at most 1 s. postgres.js's own
 *   delay grows to 20 s, so after half a minute without a database the service stayed away 16 s longer than the
 *   database did; the availability gate already spares a database that is down the traffic.
 * - `fetch_types: false`: postgres.js asks each new connection for the database's array types and drops that query's
 *   promise, so a connection lost during it (a restart, a network cut) rejects with no handler, which ends a Node
 *   process (porsager/postgres#1192, #1223; seen here under the outage test). Arrays of our own enum types then
 *   arrive as text, which drizzle's array columns parse; no raw query here reads such an array, and none passes an
 *   array parameter.
 */
export const connectionBasics = {
  backoff: (failures: number): number => Math.min(0.05 * 2 ** failures, 1),
  fetch_types: false,
  onnotice: () => {},
};

function client({ url, max, statementTimeoutMs }: PostgresOptions) {
  // A server that does not answer a connection within a second is treated as down (a 503), not waited for.
  const options = {
    ...connectionBasics,
    max,
    connect_timeout: 1,
    ...(statementTimeoutMs
      ? {
          connection: {
            statement_timeout: statementTimeoutMs,
            idle_in_transaction_session_timeout: statementTimeoutMs,
          },
        }
      : {}),
  };
  return typeof url === "string"
    ? postgres(url, options)
    : postgres({ ...options, host: url.socketDir, port: 5432, database: "postgres", username: "postgres" });
}

export function connectPostgres({
  url,
  max = 10,
  engine = "postgres",
  prepare = true,
  statementTimeoutMs,
}: PostgresOptions): DatabaseHandle {
  const sql = client({ url, max, statementTimeoutMs });
  const db: Database = drizzle({ client: prepare ? preparing(sql) : sql, schema });
  return { db, engine, close: () => sql.end({ timeout: 5 }) };
}

type Client = ReturnType<typeof postgres>;

/**
 * drizzle asks postgres.js to prepare only statements given a name; every other statement with parameters then costs
 * two round trips (describe, then execute) and a fresh plan each time. This client prepares them all, cached per
 * connection by their text, in transactions and savepoints too: one round trip and one plan per statement.
 */
function preparing<T extends Client | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === "unsafe") {
        return (query: string, parameters?: unknown[], options?: object) =>
          (value as Client["unsafe"]).call(target, query, parameters as never, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (value as (...a: unknown[]) => unknown).call(target, ...args, (tx: postgres.TransactionSql) =>
            callback(preparing(tx)),
          );
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export async function migratePostgres(url: string, migrationsFolder: string): Promise<void> {
  const sql = client({ url, max: 1 });
  try {
    await migrate(drizzle({ client: sql }), { migrationsFolder });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
