import { and, asc, eq, gt, gte, lt, type SQL } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { requestEvents, requests } from "../../db/schema/index.js";
import { DomainError } from "../../domain/errors.js";

export type AuditScope = { requestId: string } | { from: Date; to: Date };

export interface AuditRow {
  id: number;
  at: Date;
  requestId: string;
  trackingNumber: string;
  actorType: string;
  actorId: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  rulesVersion: string | null;
  data: Record<string, unknown>;
}

const batchSize = 2_000;

/** Refuses an export of a request that does not exist, before any of the stream is sent. */
export async function assertRequestExists(db: Database, requestId: string): Promise<void> {
  const [found] = await db.select({ id: requests.id }).from(requests).where(eq(requests.id, requestId));
  if (!found) throw new DomainError("not_found", "No such request.");
}

/**
 * The audit trail of one request, or of every request over a period [from, to), oldest first, read in batches by
 * keyset so an export of a busy year never holds more than a batch in memory.
 */
export async function* auditTrail(db: Database, scope: AuditScope): AsyncGenerator<AuditRow[]> {
  const inScope: SQL | undefined =
    "requestId" in scope
      ? eq(requestEvents.requestId, scope.requestId)
      : and(gte(requestEvents.at, scope.from), lt(requestEvents.at, scope.to));
  let after = 0;
  for (;;) {
    const batch = await db
      .select({
        id: requestEvents.id,
        at: requestEvents.at,
        requestId: requestEvents.requestId,
        trackingNumber: requests.trackingNumber,
        actorType: requestEvents.actorType,
        actorId: requestEvents.actorId,
        action: requestEvents.action,
        fromStatus: requestEvents.fromStatus,
        toStatus: requestEvents.toStatus,
        rulesVersion: requestEvents.rulesVersion,
        data: requestEvents.data,
      })
      .from(requestEvents)
      .innerJoin(requests, eq(requests.id, requestEvents.requestId))
      .where(and(inScope, gt(requestEvents.id, after)))
      .orderBy(asc(requestEvents.id))
      .limit(batchSize);
    if (batch.length === 0) return;
    yield batch;
    after = batch[batch.length - 1]?.id ?? after;
    if (batch.length < batchSize) return;
  }
}

export const auditColumns = [
  "id",
  "at",
  "requestId",
  "trackingNumber",
  "actorType",
  "actorId",
  "action",
  "fromStatus",
  "toStatus",
  "rulesVersion",
  "data",
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
