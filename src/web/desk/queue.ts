import { Hono } from "hono";
import { html } from "hono/html";
import { addCalendarDays, readableDay, receiptDate } from "../../domain/calendar.js";
import { describeStatus, requestStatuses } from "../../domain/lifecycle.js";
import { requestKinds } from "../../domain/vocabulary.js";
import type { StaffEnv } from "../../http/staff-auth.js";
import { countsCap, listReviewQueue, queueFlags } from "../../modules/review/review-queue.js";
import { queueQuery } from "../../modules/review/schemas.js";
import { listTeam } from "../../modules/staff/team.js";
import { deskPage, everyone } from "./frame.js";
import { actionWords, flagWords, kindWords } from "./words.js";

/** The queue's filters, as the form below sends them; an empty choice is no filter. */
const filterNames = ["status", "kind", "assignee", "overdue", "flagged", "dueBefore", "q", "cursor"] as const;

function select(name: string, label: string, chosen: string | undefined, options: [string, string][]) {
  return html`<div>
    <label for="${name}">${label}</label>
    <select id="${name}" name="${name}">
      <option value="">Any</option>
      ${options.map(([value, words]) => html`<option value="${value}" ${chosen === value ? "selected" : ""}>${words}</option>`)}
    </select>
  </div>`;
}

const bucketCount = (n: number) => (n >= countsCap ? `${countsCap}+` : String(n));

/**
 * The review queue: requests still owed an answer, soonest deadline first, with overdue and due-soon badges, the
 * open queue's buckets (each a link to its filter), the filters, and a search by tracking number or e-mail address.
 */
export const deskQueuePages = new Hono<StaffEnv>().get("/staff", everyone, async (c) => {
  const ctx = c.get("ctx");
  const given = Object.fromEntries(
    filterNames.flatMap((name) => {
      const value = c.req.query(name)?.trim();
      return value ? [[name, value]] : [];
    }),
  );
  const parsed = queueQuery.safeParse({ ...given, limit: "50" });
  const problem = parsed.success
    ? undefined
    : "A filter is not one this page offers, or the search is not a tracking number or an e-mail address.";
  const input = parsed.success ? parsed.data : { limit: 50 };
  const [queue, team] = await Promise.all([listReviewQueue({ ctx, actor: c.get("actor"), input }), listTeam(ctx.db)]);
  const today = receiptDate(ctx.now(), ctx.config.BUSINESS_TIMEZONE);
  const soon = addCalendarDays(today, 3).toString();
  const names = new Map(team.map((member) => [member.id, member.name]));
  const later = queue.nextCursor ? new URLSearchParams({ ...given, cursor: queue.nextCursor }) : undefined;
  const counts = queue.counts;
  return deskPage(
    c,
    "Review queue",
    html`${problem ? html`<p class="notice" role="alert">${problem}</p>` : ""}
      <ul class="buckets">
        <li><a href="/staff?overdue=true"><strong>${bucketCount(counts.overdue)}</strong> overdue</a></li>
        <li><a href="/staff?dueBefore=${addCalendarDays(today, 4).toString()}"><strong>${bucketCount(counts.dueIn3Days)}</strong> due in 3 days</a></li>
        <li><a href="/staff?dueBefore=${addCalendarDays(today, 8).toString()}"><strong>${bucketCount(counts.dueIn7Days)}</strong> due in 7 days</a></li>
        <li><a href="/staff?assignee=none"><strong>${bucketCount(counts.unassigned)}</strong> unassigned</a></li>
        <li><a href="/staff?flagged=tasks_behind"><strong>${bucketCount(counts.tasksBehind)}</strong> with a system behind</a></li>
      </ul>
      <form method="get" action="/staff" class="filters" role="search">
        <div class="search">
          <label for="q">Find by tracking number or e-mail address</label>
          <input id="q" name="q" value="${given.q ?? ""}" placeholder="RD-7K4M or name@example.com" />
        </div>
        ${select(
          "status",
          "Status",
          given.status,
          requestStatuses.map((status) => [status, actionWords(describeStatus(status))]),
        )}
        ${select(
          "kind",
          "Kind",
          given.kind,
          requestKinds.map((kind) => [kind, kindWords[kind]]),
        )}
        ${select("assignee", "Assigned to", given.assignee, [
          ["me", "Me"],
          ["none", "No one"],
          ...team
            .filter((member) => member.role !== "auditor")
            .map((member): [string, string] => [member.id, member.name]),
        ])}
        ${select(
          "flagged",
          "Flagged",
          given.flagged,
          queueFlags.map((flag) => [flag, flagWords[flag]]),
        )}
        ${select("overdue", "Deadline", given.overdue, [
          ["true", "Overdue"],
          ["false", "Not overdue"],
        ])}
        <div><button type="submit">Show</button> <a href="/staff">Clear</a></div>
      </form>
      <table class="queue">
        <caption>Soonest deadline first</caption>
        <thead><tr><th scope="col">Tracking number</th><th scope="col">Kind</th><th scope="col">Where</th><th scope="col">Status</th><th scope="col">Assigned to</th><th scope="col">Answer by</th></tr></thead>
        <tbody>
          ${queue.items.map(
            (item) => html`<tr>
              <td><a href="/staff/requests/${item.id}">${item.trackingNumber}</a>
                ${item.flags.map((flag) => html` <span class="badge">${flagWords[flag]}</span>`)}</td>
              <td>${kindWords[item.kind]}</td>
              <td>${item.jurisdiction}</td>
              <td>${actionWords(describeStatus(item.status))}</td>
              <td>${item.assigneeId ? (names.get(item.assigneeId) ?? "A former colleague") : "No one"}</td>
              <td>${readableDay(item.respondBy)}
                ${
                  item.overdue
                    ? html`<span class="badge overdue">Overdue</span>`
                    : item.respondBy <= soon
                      ? html`<span class="badge soon">Due soon</span>`
                      : ""
                }</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${queue.items.length === 0 ? html`<p>No request matches.</p>` : ""}
      ${later ? html`<p><a href="/staff?${later.toString()}">Later deadlines</a></p>` : ""}`,
  );
});
