import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Executor } from "./database.js";

/**
 * Runs several writes as one statement, each but the last in a data-modifying CTE. A single statement is atomic
 * without a transaction and costs one round trip instead of one per write plus BEGIN and COMMIT; foreign keys are
 * checked at the end of the statement, so a later write may reference a row an earlier one inserts.
 */
export async function writeAtOnce(db: Executor, writes: [SQLWrapper, ...SQLWrapper[]]): Promise<void> {
  // getSQL(): a query builder embedded as itself is wrapped in parentheses as a subquery, which a CTE body refuses.
  const statements = writes.map((write) => write.getSQL());
  const last = statements.pop() as SQL;
  const earlier = statements.map((write, i) => sql`${sql.identifier(`write_${i}`)} as (${write})`);
  await db.execute(earlier.length > 0 ? sql`with ${sql.join(earlier, sql`, `)} ${last}` : last);
}
