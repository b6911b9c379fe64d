import type postgres from "postgres";
import type { DataCategory } from "../../domain/data-categories.js";
import { connectorConnection } from "./postgres-connector.js";
import type { ConnectorTable } from "./schemas.js";

/** The subject's identifiers a connector table may be keyed by. */
export interface ConnectorSubject {
  email: string;
  phone?: string | null | undefined;
  accountId?: string | null | undefined;
}

const identifierOf = (table: ConnectorTable, subject: ConnectorSubject) =>
  table.identifiedBy === "email"
    ? subject.email
    : table.identifiedBy === "phone"
      ? (subject.phone ?? undefined)
      : (subject.accountId ?? undefined);

/** A row as the access package shows it: JSON scalars. */
export type FoundValues = Record<string, string | number | boolean | null>;

/** What a masked column holds after a deletion: the row stays, the value is gone. */
export const maskedValue = "[deleted]";

/**
 * Finds the subject's rows in each table by its subject column (e-mail addresses compared without case), as
 * records of the table's category. A table keyed by an identifier the requester did not give is passed over. Every
 * name in the statements was checked against the database when the system was registered, and is quoted again here;
 * every value is a parameter.
 */
export async function readSubjectRows(
  url: string,
  tables: ConnectorTable[],
  subject: ConnectorSubject,
  defaultCategory: DataCategory,
): Promise<{ records: { category: DataCategory; record: FoundValues }[]; counts: Record<string, number> }> {
  const sql = connectorConnection(url);
  try {
    const records: { category: DataCategory; record: FoundValues }[] = [];
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const value = identifierOf(table, subject);
      const name = `${table.schema}.${table.table}`;
      if (value === undefined) continue;
      const rows = await sql`select ${sql(table.exportColumns)} from ${sql(name)} where ${matches(sql, table, value)}`;
      counts[name] = rows.length;
      for (const row of rows) records.push({ category: table.category ?? defaultCategory, record: plain(row) });
    }
    return { records, counts };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * Carries out each table's deletion for the subject in one transaction, so the database is left either as it was or
 * without the subject: rows deleted, or the named columns cleared or masked. Answers the rows affected per table.
 */
export async function deleteSubjectRows(
  url: string,
  tables: ConnectorTable[],
  subject: ConnectorSubject,
): Promise<Record<string, number>> {
  const sql = connectorConnection(url);
  try {
    const counts: Record<string, number> = {};
    await sql.begin(async (tx) => {
      for (const table of tables) {
        const value = identifierOf(table, subject);
        const name = `${table.schema}.${table.table}`;
        if (value === undefined) continue;
        const where = matches(tx, table, value);
        const { deletion } = table;
        const result =
          deletion.action === "delete_rows"
            ? await tx`delete from ${tx(name)} where ${where}`
            : await tx`update ${tx(name)} set ${deletion.columns
                .map((column) =>
                  deletion.action === "null_columns"
                    ? tx`${tx(column)} = null`
                    : // A value that was never there stays absent: a mask says something was removed.
                      tx`${tx(column)} = case when ${tx(column)} is null then null else ${maskedValue} end`,
                )
                .reduce((list, assignment) => tx`${list}, ${assignment}`)} where ${where}`;
        counts[name] = result.count;
      }
    });
    return counts;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function matches(connection: postgres.Sql | postgres.TransactionSql, table: ConnectorTable, value: string) {
  // A transaction's tag builds fragments as the connection's does; the types only differ in what else they offer.
  const sql = connection as postgres.Sql;
  return table.identifiedBy === "email"
    ? sql`lower(${sql(table.subjectColumn)}) = lower(${value})`
    : sql`${sql(table.subjectColumn)} = ${value}`;
}

/**
 * A row as JSON scalars: dates as ISO text, binary data as base64, arrays and JSON values as their JSON text, and
 * anything else (big numbers, intervals) as its text, so every value survives the trip into a jsonb record.
 */
function plain(row: Record<string, unknown>): FoundValues {
  return Object.fromEntries(Object.entries(row).map(([column, value]) => [column, scalar(value)]));
}

function scalar(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
