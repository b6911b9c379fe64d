import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Executor } from "./database.js";

/** CTEs to run with the writes and a SELECT to end the statement with, which may refuse it (see `admission`). */
export interface Gate {
  hits: SQL[];
  check: SQL;
}

/**
 * Runs several writes as one statement, each but the last in a data-modifying CTE. A single statement is atomic
 * without a transaction and costs one round trip instead of one per write plus BEGIN and COMMIT; foreign keys are
 * checked at the end of the statement, so a later write may reference a row an earlier one inserts. With a gate,
 * every write is a CTE and the gate's check ends the statement: if it raises, nothing of the statement remains.
 */
export async function writeAtOnce(db: Executor, writes: [SQLWrapper, ...SQLWrapper[]], gate?: Gate): Promise<void> {
  // getSQL(): a query builder embedded as itself is wrapped in parentheses as a subquery, which a CTE body refuses.
  const statements = writes.map((write) => write.getSQL());
  const last = gate ? gate.check : (statements.pop() as SQL);
  const earlier = [
    ...statements.map((write, i) => sql`${sql.identifier(`write_${i}`)} as (${write})`),
    ...(gate?.hits ?? []),
  ];
  await db.execute(earlier.length > 0 ? sql`with ${sql.join(earlier, sql`, `)} ${last}` : last);
}
