import { sql } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { rowsOf } from "../../db/rows.js";
import { auditEvents, requestEvents, requests } from "../../db/schema/index.js";
import type { AuditAction } from "../../domain/audit-actions.js";

export type AuditScope = { requestId: string } | { from: Date; to: Date };

/** One entry of either trail, as exported: a request's own (with its tracking number) or the general trail's. */
export interface AuditRow {
  id: number;
  trail: "request" | "general";
  at: Date;
  requestId: string | null;
  trackingNumber: string | null;
  subjectType: string | null;
  subjectId: string | null;
  actorType: string;
  actorId: string | null;
  actorRole: string | null;
  action: AuditAction;
  fromStatus: string | null;
  toStatus: string | null;
  rulesVersion: string | null;
  data: Record<string, unknown>;
  /** The entry's link in its chain, so an auditor can keep the chain and check it later. */
  hash: string | null;
}

const batchSize = 2_000;

/**
 * The audit trail of one request, or every entry of both trails over a period [from, to), oldest first, read in
 * batches by keyset so an export of a busy year never holds more than a batch in memory.
 */
export async function* auditTrail(db: Database, scope: AuditScope): AsyncGenerator<AuditRow[]> {
  let after: { at: Date; trail: string; id: number } | undefined;
  for (;;) {
    const batch = await rowsOf<AuditRow & { at: string | Date }>(db, query(scope, after));
    if (batch.length === 0) return;
    const rows = batch.map((row) => ({ ...row, at: new Date(row.at), id: Number(row.id) }));
    yield rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < batchSize) return;
    after = { at: last.at, trail: last.trail, id: last.id };
  }
}

function query(scope: AuditScope, after: { at: Date; trail: string; id: number } | undefined) {
  const requestEntries = sql`select e.id, 'request' as trail, e.at, e.request_id as "requestId",
      r.tracking_number as "trackingNumber", null as "subjectType", null as "subjectId", e.actor_type as "actorType",
      e.actor_id as "actorId", e.actor_role as "actorRole", e.action, e.from_status as "fromStatus",
      e.to_status as "toStatus", e.rules_version as "rulesVersion", e.data, e.hash
    from ${requestEvents} e join ${requests} r on r.id = e.request_id`;
  if ("requestId" in scope) {
    // A request's trail in the order it was written, which is its chain's order.
    return sql`${requestEntries} where e.request_id = ${scope.requestId} and e.id > ${after?.id ?? 0}
      order by e.id limit ${batchSize}`;
  }
  const keyset = after
    ? sql`where (at, trail, id) > (${after.at.toISOString()}::timestamptz, ${after.trail}, ${after.id})`
    : sql``;
  const from = scope.from.toISOString();
  const to = scope.to.toISOString();
  return sql`select * from (
      ${requestEntries} where e.at >= ${from}::timestamptz and e.at < ${to}::timestamptz
      union all
      select g.id, 'general' as trail, g.at, null, null, g.subject_type::text, g.subject_id, g.actor_type, g.actor_id,
        g.actor_role, g.action, null, null, null, g.data, g.hash
      from ${auditEvents} g where g.at >= ${from}::timestamptz and g.at < ${to}::timestamptz
    ) entries
    ${keyset} order by at, trail, id limit ${batchSize}`;
}

export const auditColumns = [
  "id",
  "trail",
  "at",
  "requestId",
  "trackingNumber",
  "subjectType",
  "subjectId",
  "actorType",
  "actorId",
  "actorRole",
  "action",
  "fromStatus",
  "toStatus",
  "rulesVersion",
  "data",
  "hash",
] as const satisfies readonly (keyof AuditRow)[];

/** One CSV line (RFC 4180), with cells that a spreadsheet would run as a formula defused by a leading quote. */
export function csvLine(row: AuditRow): string {
  return `${auditColumns.map((column) => csvCell(cellText(row[column]))).join(",")}\r\n`;
}

export const csvHeader = `${auditColumns.join(",")}\r\n`;

function cellText(value: AuditRow[keyof AuditRow]): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function csvCell(text: string): string {
  // OWASP CSV injection: a note typed by a requester or reviewer must not become a formula when opened.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
