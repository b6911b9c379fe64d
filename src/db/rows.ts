import type { SQL } from "drizzle-orm";
import type { Executor } from "./database.js";

/** The rows of a raw query, whichever driver ran it: postgres.js answers an array, PGlite an object with `rows`. */
export async function rowsOf<Row>(db: Executor, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as Row[] | { rows: Row[] };
  return Array.isArray(result) ? result : result.rows;
}
