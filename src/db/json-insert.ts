import { getTableColumns, getTableName, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

const columnNames = new WeakMap<PgTable, Map<string, string>>();
const statements = new Map<string, SQL>();

function namesOf(table: PgTable): Map<string, string> {
  let names = columnNames.get(table);
  if (!names) {
    names = new Map(Object.entries(getTableColumns(table)).map(([key, column]) => [key, column.name]));
    columnNames.set(table, names);
  }
  return names;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The INSERT's text up to its one parameter, built once for each table and set of columns. */
function insertHead(table: PgTable, keys: string[]): SQL {
  const name = getTableName(table);
  const cacheKey = `${name}:${keys.join(",")}`;
  let head = statements.get(cacheKey);
  if (!head) {
    const names = namesOf(table);
    const list = keys
      .map((key) => {
        const column = names.get(key);
        if (!column) throw new Error(`No column ${key} in ${name}.`);
        return quoted(column);
      })
      .join(", ");
    head = sql.raw(
      `insert into ${quoted(name)} (${list}) select ${list} from json_populate_recordset(null::${quoted(name)}, `,
    );
    statements.set(cacheKey, head);
  }
  return head;
}

/**
 * An INSERT of rows passed as one JSON parameter and turned into the table's own row type by PostgreSQL
 * (`json_populate_recordset`): for the wide rows of the hot path, one parameter instead of one per column, and a
 * statement text built once, which spares building and sending a hundred parameters. Columns left out of the rows
 * get their defaults. The rows must hold only what JSON carries (no bytes), and the same keys each.
 */
export function insertJsonRows<Table extends PgTable>(table: Table, rows: Table["$inferInsert"][]): SQL {
  const first = (rows[0] ?? {}) as Record<string, unknown>;
  const keys = Object.keys(first).filter((key) => first[key] !== undefined);
  const names = namesOf(table);
  const json = rows.map((row) =>
    Object.fromEntries(keys.map((key) => [names.get(key), (row as Record<string, unknown>)[key] ?? null])),
  );
  return sql`${insertHead(table, keys)}${JSON.stringify(json)}::json)`;
}
