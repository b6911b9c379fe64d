import { getTableColumns, type SQL, sql } from "drizzle-orm";
import { loadConfig } from "../src/config.js";
import type { Database } from "../src/db/index.js";
import { requests } from "../src/db/schema/index.js";
import { submitRequest } from "../src/modules/intake/submit-request.js";
import { intakeBody } from "../test/support/factories.js";

type RequestColumn = keyof typeof requests.$inferSelect;

/**
 * Seeds `count` requests as copies of one opened through the real intake, with the tests' own factory: every column,
 * a column added later included, is filled as the product fills it, and only the columns a benchmark varies are
 * given, as SQL over `n` (1 to count) and the template row `t`. A seed cannot break on a new NOT NULL column.
 */
export async function seedRequests(
  db: Database,
  count: number,
  vary: Partial<Record<RequestColumn, SQL>>,
  template: Parameters<typeof intakeBody>[0] = {},
): Promise<void> {
  const config = { ...loadConfig({}), TOKEN_SECRET: "a-bench-key-of-more-than-32-characters" };
  const { receipt } = await submitRequest({
    ctx: { db, config, now: () => new Date("2026-11-01T15:00:00Z") },
    input: intakeBody(template),
    channel: "api",
  });
  const columns = Object.entries(getTableColumns(requests)) as [RequestColumn, { name: string }][];
  const values = columns.map(([key, column]) => vary[key] ?? sql`t.${sql.identifier(column.name)}`);
  await db.execute(sql`
    insert into requests (${sql.join(
      columns.map(([, column]) => sql.identifier(column.name)),
      sql`, `,
    )})
    select ${sql.join(values, sql`, `)}
    from requests t cross join generate_series(1, ${count}) n
    where t.id = ${receipt.id}`);
}

/** Unique per copy: an id, a tracking number and a subject address of its own. */
export const ownIdentity = {
  id: sql`gen_random_uuid()`,
  trackingNumber: sql`'RD-' || upper(substr(lpad(to_hex(n), 8, '0'), 1, 4)) || '-' || upper(substr(lpad(to_hex(n), 8, '0'), 5, 4))`,
  subjectEmail: sql`'subject' || n || '@example.com'`,
  // The copies carry no trail of their own.
  auditHead: sql`null`,
} satisfies Partial<Record<RequestColumn, SQL>>;
