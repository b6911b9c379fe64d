import { z } from "@hono/zod-openapi";
import { and, asc, eq, gte, inArray, isNull, lt, type SQL, sql } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Executor } from "../../db/index.js";
import { rowsOf } from "../../db/rows.js";
import { answerPendingSql, flaggedSql, requests, tasks } from "../../db/schema/index.js";
import type { StaffActor } from "../../domain/actor.js";
import { addCalendarDays, type CalendarDate, receiptDate } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import type { RequestStatus } from "../../domain/lifecycle.js";
import type { Jurisdiction, RequestKind } from "../../domain/vocabulary.js";
import { isoDay, isoInstant } from "../../http/shared-schemas.js";

export const queueFlags = ["minor", "agent", "routed", "tasks_behind"] as const;
export type QueueFlag = (typeof queueFlags)[number];

export interface QueueQuery {
  status?: RequestStatus[] | undefined;
  kind?: RequestKind[] | undefined;
  jurisdiction?: Jurisdiction[] | undefined;
  /** A staff id, "me", or "none" for unassigned requests. */
  assignee?: string | undefined;
  overdue?: boolean | undefined;
  dueBefore?: string | undefined;
  flagged?: QueueFlag[] | undefined;
  /** The start of a tracking number, in any case, or the e-mail address of the subject or the agent who filed. */
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Counts above this are reported as the cap ("1,000+"): counting every open request for a badge would cost more than
 * the page itself, and a team past a thousand overdue requests needs no exact figure to know it.
 */
export const countsCap = 1_000;

const minorFlags = sql.raw(
  "flags && array['minor', 'minor_consent_required', 'minor_sale_banned', 'minor_data_deletion']::request_flag[]",
);

/**
 * The privacy team's queue: requests still owed an answer (or those of the statuses asked for), soonest deadline
 * first, then oldest receipt, a page at a time by keyset, with the counts of the open queue's buckets.
 */
export async function listReviewQueue({
  ctx,
  actor,
  input,
}: {
  ctx: AppContext;
  actor: StaffActor;
  input: QueueQuery;
}) {
  const today = receiptDate(ctx.now(), ctx.config.BUSINESS_TIMEZONE);
  const conditions: SQL[] = [input.status ? inArray(requests.status, input.status) : answerPendingSql];
  if (input.kind) conditions.push(inArray(requests.kind, input.kind));
  if (input.jurisdiction) conditions.push(inArray(requests.jurisdiction, input.jurisdiction));
  if (input.assignee === "none") conditions.push(isNull(requests.assigneeId));
  else if (input.assignee)
    conditions.push(eq(requests.assigneeId, input.assignee === "me" ? actor.id : input.assignee));
  if (input.overdue !== undefined) {
    conditions.push(
      input.overdue ? lt(requests.respondBy, today.toString()) : gte(requests.respondBy, today.toString()),
    );
  }
  if (input.dueBefore) conditions.push(lt(requests.respondBy, input.dueBefore));
  for (const flag of input.flagged ?? []) {
    // Stating `flaggedSql` too lets the planner use the small partial index of flagged open requests.
    if (flag === "minor") conditions.push(flaggedSql, minorFlags);
    if (flag === "agent") conditions.push(flaggedSql, sql`'agent' = any(flags)`);
    if (flag === "routed") conditions.push(eq(requests.status, "awaiting_controller"));
    if (flag === "tasks_behind") conditions.push(tasksBehind(sql`${requests.id}`, today));
  }
  if (input.q?.includes("@")) {
    const email = input.q.toLowerCase();
    conditions.push(sql`(${requests.subjectEmail} = ${email} or ${requests.submitterEmail} = ${email})`);
  } else if (input.q) {
    conditions.push(sql`${requests.trackingNumber} like ${`${escapeLike(input.q.toUpperCase())}%`}`);
  }
  if (input.cursor) {
    const [respondBy, receivedAt, id] = decodeCursor(input.cursor);
    conditions.push(
      sql`(${requests.respondBy}, ${requests.receivedAt}, ${requests.id}) > (${respondBy}, ${receivedAt}::timestamptz, ${id}::uuid)`,
    );
  }
  // The page and the counts are independent reads: on a pool they run side by side.
  const [rows, counts] = await Promise.all([
    ctx.db
      .select({
        id: requests.id,
        trackingNumber: requests.trackingNumber,
        kind: requests.kind,
        status: requests.status,
        jurisdiction: requests.jurisdiction,
        channel: requests.channel,
        flags: requests.flags,
        assigneeId: requests.assigneeId,
        receivedAt: requests.receivedAt,
        respondBy: requests.respondBy,
        version: requests.version,
      })
      .from(requests)
      .where(and(...conditions))
      .orderBy(asc(requests.respondBy), asc(requests.receivedAt), asc(requests.id))
      .limit(input.limit + 1),
    openQueueBuckets(ctx.db, today, countsCap),
  ]);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...row, overdue: row.respondBy < today.toString() })),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
    counts,
  };
}

/**
 * A request with a data system's task that failed or is past its due date on `today`: its answer is at risk even
 * while the request itself is on time. Read from the small partial index of open tasks.
 */
function tasksBehind(requestId: SQL, today: CalendarDate): SQL {
  return sql`exists (select 1 from ${tasks} where request_id = ${requestId} and ${openTaskBehind(today)})`;
}

// Only a request being carried out has open tasks (it completes when the last one finishes), so the tasks alone say.
const openTaskBehind = (today: CalendarDate) =>
  sql`status not in ('done', 'not_applicable') and (status = 'failed' or due_on < ${today.toString()}::date)`;

/**
 * The open queue's buckets on a business day: overdue, due within 3 and within 7 days, unassigned, and with a data
 * system's task behind. Each count stops
 * at `cap` when one is given (the queue's badges need no more), or counts them all (the metrics do).
 */
export async function openQueueBuckets(db: Executor, today: CalendarDate, cap?: number) {
  const counted = (where: SQL) =>
    cap === undefined
      ? sql`(select count(*)::int from ${requests} where ${answerPendingSql} and ${where})`
      : sql`(select count(*)::int from (select 1 from ${requests} where ${answerPendingSql} and ${where} limit ${cap}) as bucket)`;
  const day = today.toString();
  const [counts] = await rowsOf<{
    overdue: number;
    dueIn3Days: number;
    dueIn7Days: number;
    unassigned: number;
    tasksBehind: number;
  }>(
    db,
    sql`select ${counted(sql`respond_by < ${day}`)} as "overdue",
      ${counted(sql`respond_by >= ${day} and respond_by <= ${addCalendarDays(today, 3).toString()}`)} as "dueIn3Days",
      ${counted(sql`respond_by >= ${day} and respond_by <= ${addCalendarDays(today, 7).toString()}`)} as "dueIn7Days",
      ${counted(sql`assignee_id is null`)} as "unassigned",
      (select count(*)::int from (select distinct request_id from ${tasks} where ${openTaskBehind(today)}
        ${cap === undefined ? sql`` : sql`limit ${cap}`}) as bucket) as "tasksBehind"`,
  );
  if (!counts) throw new Error("The bucket counts returned no row.");
  return counts;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

type CursorKey = [respondBy: string, receivedAt: string, id: string];

function encodeCursor(row: { respondBy: string; receivedAt: Date; id: string }): string {
  const key: CursorKey = [row.respondBy, row.receivedAt.toISOString(), row.id];
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** What a cursor of ours holds; a forged one that does not fit (a day that does not exist, say) goes no further. */
const cursorKey = z.tuple([isoDay, isoInstant, z.uuid()]);

function decodeCursor(cursor: string): CursorKey {
  try {
    const key = cursorKey.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (key.success) return key.data;
  } catch {
    // Falls through to the same answer as a well-formed but wrong cursor.
  }
  throw new DomainError("validation", "The cursor is not one this queue gave out.", [
    { field: "cursor", message: "is not a cursor from a previous page" },
  ]);
}
