import { and, count, eq, lte, min, sql } from "drizzle-orm";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "./db/index.js";
import { complaints, outbox } from "./db/schema/index.js";
import { receiptDate } from "./domain/calendar.js";
import { openTaskBacklog } from "./modules/fulfilment/tasks.js";
import { openQueueBuckets } from "./modules/review/review-queue.js";

export interface Metrics {
  registry: Registry;
  /** One answered request, by route pattern (never a path, which can hold a token), method and status. */
  observe(method: string, route: string, status: number, seconds: number): void;
}

/**
 * Prometheus metrics for a Node process: requests by route and status with their durations; the open queue by
 * bucket (overdue among them), the data systems' open and overdue tasks, open and overdue complaints, outbox lag
 * and dead letters, read from the database when scraped; and the process's own.
 */
export function createMetrics(db: Database, timeZone: string): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "rightsdesk_" });
  const requests = new Counter({
    name: "rightsdesk_http_requests_total",
    help: "HTTP requests answered, by route pattern, method and status.",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const durations = new Histogram({
    name: "rightsdesk_http_request_duration_seconds",
    help: "Time to answer HTTP requests, by route pattern and method.",
    labelNames: ["method", "route"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: "rightsdesk_open_requests",
    help: "Requests still owed an answer, by bucket: overdue, due within 3 days, within 7 days, unassigned, tasks behind.",
    labelNames: ["bucket"],
    registers: [registry],
    async collect() {
      const buckets = await openQueueBuckets(db, receiptDate(new Date(), timeZone));
      this.set({ bucket: "overdue" }, buckets.overdue);
      this.set({ bucket: "due_in_3_days" }, buckets.dueIn3Days);
      this.set({ bucket: "due_in_7_days" }, buckets.dueIn7Days);
      this.set({ bucket: "unassigned" }, buckets.unassigned);
      this.set({ bucket: "tasks_behind" }, buckets.tasksBehind);
    },
  });
  // One query for both: the due count's gauge is collected first and sets the lag's, which follows it.
  const lag = new Gauge({
    name: "rightsdesk_outbox_lag_seconds",
    help: "How long the oldest message due (e-mail, webhook job, connector run) has waited (0 when none waits).",
    registers: [],
  });
  new Gauge({
    name: "rightsdesk_outbox_due_messages",
    help: "Messages due and not yet sent: e-mails, webhook jobs and connector runs.",
    registers: [registry],
    async collect() {
      const now = new Date();
      const [due] = await db
        .select({ messages: count(), oldest: min(outbox.nextAttemptAt) })
        .from(outbox)
        .where(and(eq(outbox.state, "pending"), lte(outbox.nextAttemptAt, now)));
      this.set(due?.messages ?? 0);
      lag.set(due?.oldest ? Math.max(0, (now.getTime() - new Date(due.oldest).getTime()) / 1000) : 0);
    },
  });
  registry.registerMetric(lag);
  new Gauge({
    name: "rightsdesk_outbox_dead_messages",
    help: "Messages the dispatcher gave up on (e-mails, webhook jobs, connector runs), waiting for an admin.",
    registers: [registry],
    async collect() {
      const [dead] = await db.select({ messages: count() }).from(outbox).where(eq(outbox.state, "dead"));
      this.set(dead?.messages ?? 0);
    },
  });
  new Gauge({
    name: "rightsdesk_open_tasks",
    help: "Data systems' tasks not yet done: all of them, and those past their due date.",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const [open] = await openTaskBacklog(db, receiptDate(new Date(), timeZone).toString());
      this.set({ state: "open" }, open?.open ?? 0);
      this.set({ state: "overdue" }, open?.overdue ?? 0);
    },
  });
  new Gauge({
    name: "rightsdesk_open_complaints",
    help: "Complaints not yet answered: all of them, and those past their answer day (a deadlock letter went out).",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const today = receiptDate(new Date(), timeZone).toString();
      const [open] = await db
        .select({ open: count(), overdue: sql<number>`count(*) filter (where ${complaints.answerBy} < ${today})` })
        .from(complaints)
        .where(eq(complaints.status, "open"));
      this.set({ state: "open" }, open?.open ?? 0);
      this.set({ state: "overdue" }, Number(open?.overdue ?? 0));
    },
  });
  return {
    registry,
    observe(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      durations.observe({ method, route }, seconds);
    },
  };
}
