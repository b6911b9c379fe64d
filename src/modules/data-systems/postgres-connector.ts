import postgres from "postgres";
import { connectionBasics } from "../../db/postgres.js";
import type { FieldIssue } from "../../domain/errors.js";
import type { ConnectorTable } from "./schemas.js";

interface ColumnFacts {
  nullable: boolean;
  type: string;
}

interface TableFacts {
  columns: Map<string, ColumnFacts>;
  canSelect: boolean;
  canDelete: boolean;
  canUpdate: boolean;
}

const textTypes = new Set(["text", "character varying", "character"]);

/**
 * Opens a short connection to a company database the connector will work in: five seconds to connect and five for a
 * statement, one connection, no prepared statements (a pooler may sit in front of it).
 */
export function connectorConnection(url: string) {
  return postgres(url, {
    ...connectionBasics,
    max: 1,
    connect_timeout: 5,
    idle_timeout: 1,
    prepare: false,
    connection: { statement_timeout: 5000, application_name: "rightsdesk connector" },
  });
}

/**
 * Checks a connector's tables against the database itself, so that every identifier the connector will ever put in
 * a statement is one the database has: each table, its subject column, the columns to export and those deletion
 * clears, and the privileges access and deletion need. Answers the problems, each at its field; none when it fits.
 */
export async function checkConnectorTables(url: string, tables: ConnectorTable[]): Promise<FieldIssue[]> {
  const sql = connectorConnection(url);
  let facts: Map<string, TableFacts>;
  try {
    facts = await describeTables(sql, tables);
  } catch (error) {
    return [{ field: "connectionUrl", message: `could not read the database (${failureKind(error)})` }];
  } finally {
    await sql.end({ timeout: 1 });
  }
  return tables.flatMap((table, i) => issuesOf(table, facts.get(`${table.schema}.${table.table}`), `tables.${i}`));
}

async function describeTables(sql: postgres.Sql, tables: ConnectorTable[]): Promise<Map<string, TableFacts>> {
  // The tables asked about, as one parameter of JSON text (the connection knows no array types: see
  // `connectionBasics`;
  // and a parameter the server takes for json would be encoded as a JSON string).
  const wanted = JSON.stringify(tables.map((table) => ({ schema: table.schema, name: table.table })));
  const columns = await sql<{ schema: string; table: string; column: string; nullable: boolean; type: string }[]>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column,
           c.is_nullable = 'YES' as nullable, c.data_type as type
      from information_schema.columns c
      join json_to_recordset(${wanted}::text::json) as wanted(schema text, name text)
        on c.table_schema = wanted.schema and c.table_name = wanted.name`;
  const privileges = await sql<{ schema: string; table: string; select: boolean; delete: boolean; update: boolean }[]>`
    select wanted.schema, wanted.name as table,
           has_table_privilege(format('%I.%I', wanted.schema, wanted.name), 'SELECT') as select,
           has_table_privilege(format('%I.%I', wanted.schema, wanted.name), 'DELETE') as delete,
           has_table_privilege(format('%I.%I', wanted.schema, wanted.name), 'UPDATE') as update
      from json_to_recordset(${wanted}::text::json) as wanted(schema text, name text)
     where to_regclass(format('%I.%I', wanted.schema, wanted.name)) is not null`;
  const facts = new Map<string, TableFacts>();
  for (const row of privileges) {
    facts.set(`${row.schema}.${row.table}`, {
      columns: new Map(),
      canSelect: row.select,
      canDelete: row.delete,
      canUpdate: row.update,
    });
  }
  for (const row of columns) {
    facts.get(`${row.schema}.${row.table}`)?.columns.set(row.column, { nullable: row.nullable, type: row.type });
  }
  return facts;
}

function issuesOf(table: ConnectorTable, facts: TableFacts | undefined, at: string): FieldIssue[] {
  const name = `${table.schema}.${table.table}`;
  if (!facts || facts.columns.size === 0) {
    return [{ field: `${at}.table`, message: `no table ${name} that this connection can see` }];
  }
  const issues: FieldIssue[] = [];
  const missing = (column: string, field: string) => {
    if (facts.columns.has(column)) return false;
    issues.push({ field, message: `no column ${column} in ${name}` });
    return true;
  };
  missing(table.subjectColumn, `${at}.subjectColumn`);
  for (const [j, column] of table.exportColumns.entries()) missing(column, `${at}.exportColumns.${j}`);
  if (!facts.canSelect) issues.push({ field: `${at}.table`, message: `this connection may not read ${name}` });
  const { deletion } = table;
  if (deletion.action === "delete_rows") {
    if (!facts.canDelete)
      issues.push({ field: `${at}.deletion`, message: `this connection may not delete from ${name}` });
    return issues;
  }
  if (!facts.canUpdate) issues.push({ field: `${at}.deletion`, message: `this connection may not update ${name}` });
  deletion.columns.forEach((column, j) => {
    const field = `${at}.deletion.columns.${j}`;
    if (missing(column, field)) return;
    const described = facts.columns.get(column) as ColumnFacts;
    if (column === table.subjectColumn) {
      issues.push({ field, message: "the subject column finds the rows; to remove it, delete the rows" });
    } else if (deletion.action === "null_columns" && !described.nullable) {
      issues.push({ field, message: `${column} cannot be null; mask it or delete the rows` });
    } else if (deletion.action === "mask_columns" && !textTypes.has(described.type)) {
      issues.push({ field, message: `${column} is not text, so it cannot be masked; clear it or delete the rows` });
    }
  });
  return issues;
}

/** What went wrong, by its kind: a driver's message can quote the connection URL, password and all. */
export function failureKind(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "unknown error";
}

/** Where a connection URL points, for people to read: no password. */
export function connectionTarget(url: string): string {
  const parsed = new URL(url);
  return `${decodeURIComponent(parsed.username) || "(default user)"}@${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
}
