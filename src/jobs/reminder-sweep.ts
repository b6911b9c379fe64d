import { type SQL, sql } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Database } from "../db/index.js";
import { rowsOf } from "../db/rows.js";
import { answerPendingSql } from "../db/schema/index.js";
import { receiptDate } from "../domain/calendar.js";

export interface SweepDeps {
  db: Database;
  config: Pick<
    Config,
    | "BUSINESS_TIMEZONE"
    | "PUBLIC_BASE_URL"
    | "REVIEW_TEAM_EMAIL"
    | "ESCALATION_EMAIL"
    | "REMINDER_OFFSETS_DAYS"
    | "ESCALATION_REPEAT_DAYS"
    | "EXTENSION_WARNING_DAYS"
  >;
}

export interface SweepReport {
  reviewerReminders: number;
  escalations: number;
  extensionWarnings: number;
  appealReminders: number;
  taskReminders: number;
  controllerReminders: number;
}

/**
 * Enqueues the reminders that are due on the business day `now` falls on. Each reminder's outbox key names the
 * request, its deadline and the threshold it is for, so running the sweep again (or in two processes at once) adds nothing, and
 * after downtime only the latest threshold crossed is sent, not every one that was missed. Each kind is one
 * set-based statement over the open-request indexes, so a sweep costs the requests near a deadline, not all of them.
 */
export async function runReminderSweep({ db, config }: SweepDeps, now: Date): Promise<SweepReport> {
  const today = receiptDate(now, config.BUSINESS_TIMEZONE).toString();
  const offsets = config.REMINDER_OFFSETS_DAYS;
  // Reminders go to the request's reviewer; unassigned requests (or a departed reviewer's) to the whole team.
  const withAssignee = sql`left join staff_users s on s.id = r.assignee_id and s.disabled_at is null`;
  const reviewer = sql`coalesce(s.email, ${config.REVIEW_TEAM_EMAIL})`;
  const requestUrl = sql`${new URL("/staff/requests/", config.PUBLIC_BASE_URL).toString()} || r.id`;
  const summary = sql`'trackingNumber', r.tracking_number, 'kind', r.kind, 'jurisdiction', r.jurisdiction,
    'requestUrl', ${requestUrl}`;

  // The kinds touch disjoint outbox keys, so they run side by side (each on its own pooled connection).
  const [reviewerReminders, escalations, extensionWarnings, appealReminders, taskReminders, controllerReminders] =
    await Promise.all([
      // The smallest offset not below the days left: 2 days left with offsets 7, 3, 1 means the 3-day reminder.
      enqueue(
        db,
        sql`select 'request:' || r.id || ':reviewer_reminder:' || r.respond_by || ':' || o.days || 'd' as key,
          'reviewer_reminder' as template, ${reviewer} as recipient,
          jsonb_build_object(${summary}, 'respondBy', r.respond_by, 'daysLeft', r.respond_by - ${today}::date) as payload,
          r.id as request_id
        from requests r ${withAssignee}
        cross join lateral (
          select min(d) as days from unnest(${`{${offsets.join(",")}}`}::int[]) d where d >= r.respond_by - ${today}::date
        ) o
        where ${answerPendingSql} and r.respond_by >= ${today}::date
          and r.respond_by <= ${today}::date + ${Math.max(...offsets)}::int and o.days is not null`,
        now,
      ),
      // One escalation when a request first goes overdue, then one more every ESCALATION_REPEAT_DAYS.
      enqueue(
        db,
        sql`select 'request:' || r.id || ':overdue_escalation:' || r.respond_by || ':' || ((${today}::date - r.respond_by - 1) / ${config.ESCALATION_REPEAT_DAYS}::int) as key,
          'overdue_escalation' as template, ${config.ESCALATION_EMAIL} as recipient,
          jsonb_build_object(${summary}, 'respondBy', r.respond_by, 'daysOverdue', ${today}::date - r.respond_by,
            'tasksBehind', coalesce((select jsonb_agg(ds.name order by ds.name)
               from tasks t join data_systems ds on ds.id = t.data_system_id
              where t.request_id = r.id and ${taskBehind(today)}), '[]'::jsonb)) as payload,
          r.id as request_id
        from requests r
        where ${answerPendingSql} and r.respond_by < ${today}::date`,
        now,
      ),
      enqueue(
        db,
        sql`select 'request:' || r.id || ':extension_window_closing' as key, 'extension_window_closing' as template,
          ${reviewer} as recipient,
          jsonb_build_object(${summary}, 'extensionNoticeBy', r.extension_notice_by) as payload, r.id as request_id
        from requests r ${withAssignee}
        where ${answerPendingSql} and r.extended_at is null and r.extension_notice_by >= ${today}::date
          and r.extension_notice_by <= ${today}::date + ${config.EXTENSION_WARNING_DAYS}::int`,
        now,
      ),
      // Appeals have their own clock and are decided by admins: remind them at the same offsets, then daily when late.
      enqueue(
        db,
        sql`select 'appeal:' || a.id || ':' || case when a.respond_by < ${today}::date
              then 'overdue:' || (${today}::date - a.respond_by) else 'reminder:' || o.days || 'd' end as key,
          'appeal_reminder' as template, ${config.ESCALATION_EMAIL} as recipient,
          jsonb_build_object('trackingNumber', r.tracking_number, 'jurisdiction', r.jurisdiction,
            'respondBy', a.respond_by, 'requestUrl', ${requestUrl})
            || case when a.respond_by < ${today}::date
                 then jsonb_build_object('daysOverdue', ${today}::date - a.respond_by)
                 else jsonb_build_object('daysLeft', a.respond_by - ${today}::date) end as payload,
          r.id as request_id
        from appeals a join requests r on r.id = a.request_id
        cross join lateral (
          select min(d) as days from unnest(${`{${offsets.join(",")}}`}::int[]) d where d >= a.respond_by - ${today}::date
        ) o
        where a.decided_at is null and (a.respond_by < ${today}::date or o.days is not null)`,
        now,
      ),
      // A data system's owner hears of its task the day before it is due, and, once it is late or failed, again every
      // ESCALATION_REPEAT_DAYS. Only open tasks have the partial index's rows, so this costs the open tasks.
      enqueue(
        db,
        sql`select 'task:' || t.id || ':' || case when ${taskBehind(today)}
              then 'behind:' || t.status || ':' || floor((${today}::date - t.due_on)::numeric / ${config.ESCALATION_REPEAT_DAYS}::int)
              else 'due:' || t.due_on end as key,
          'task_reminder' as template, ds.owner_email as recipient,
          jsonb_build_object('recipientName', ds.owner_name, 'trackingNumber', r.tracking_number,
            'dataSystem', ds.name, 'dueOn', t.due_on, 'failed', t.status = 'failed', 'requestUrl', ${requestUrl})
            || case when t.due_on < ${today}::date
                 then jsonb_build_object('daysOverdue', ${today}::date - t.due_on) else '{}'::jsonb end as payload,
          r.id as request_id
        from tasks t join data_systems ds on ds.id = t.data_system_id join requests r on r.id = t.request_id
        where (t.status not in ('done', 'not_applicable') and t.due_on <= ${today}::date + 1) or t.status = 'failed'`,
        now,
      ),
      // A controller that has a forwarded part but has given no instructions hears again every ESCALATION_REPEAT_DAYS,
      // each of its contacts; whether it acknowledged is in the words. Its routed parts have their own partial index.
      enqueue(
        db,
        sql`with waiting as (
            select r.*, ${today}::date - (r.forwarded_at at time zone ${config.BUSINESS_TIMEZONE})::date as waited
            from requests r
            where r.controller_id is not null and r.status = 'awaiting_controller' and r.forwarded_at is not null
          )
          select 'request:' || w.id || ':controller_reminder:' || lower(contact->>'email') || ':'
              || (w.waited / ${config.ESCALATION_REPEAT_DAYS}::int) as key,
          'controller_reminder' as template, contact->>'email' as recipient,
          jsonb_build_object('recipientName', contact->>'name', 'trackingNumber', w.tracking_number,
            'controllerName', c.legal_name, 'acknowledged', w.controller_acknowledged_at is not null,
            'forwardedOn', (w.forwarded_at at time zone ${config.BUSINESS_TIMEZONE})::date, 'answerBy', w.respond_by,
            'apiUrl', ${new URL("/v1/controller/requests/", config.PUBLIC_BASE_URL).toString()} || w.id) as payload,
          w.id as request_id
        from waiting w join controllers c on c.id = w.controller_id
        cross join lateral jsonb_array_elements(c.contacts) contact
        where w.waited >= ${config.ESCALATION_REPEAT_DAYS}::int`,
        now,
      ),
    ]);
  return { reviewerReminders, escalations, extensionWarnings, appealReminders, taskReminders, controllerReminders };
}

/** An open task that failed or is past its due date on `today` (tasks aliased `t`). */
const taskBehind = (today: string) =>
  sql`t.status not in ('done', 'not_applicable') and (t.status = 'failed' or t.due_on < ${today}::date)`;

/** Inserts the selected messages into the outbox, skipping any already owed, and counts the new ones. */
async function enqueue(db: Database, selection: SQL, now: Date): Promise<number> {
  const [row] = await rowsOf<{ added: number }>(
    db,
    sql`with due as (${selection}),
        added as (
          insert into outbox (idempotency_key, channel, template, recipient, payload, request_id, next_attempt_at)
          select key, 'mail', template, recipient, payload, request_id, ${now.toISOString()}::timestamptz from due
          on conflict (idempotency_key) do nothing
          returning 1
        )
        select count(*)::int as added from added`,
  );
  return row?.added ?? 0;
}
