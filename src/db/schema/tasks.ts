import { sql } from "drizzle-orm";
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { taskStatuses } from "../../domain/tasks.js";
import { createdAt } from "./columns.js";
import { dataSystems } from "./data-systems.js";
import { requests } from "./requests.js";
import { staffUsers } from "./staff.js";

export const taskStatus = pgEnum("task_status", taskStatuses);

/** One data system's part in carrying out one request, opened when the request is decided. */
export const tasks = pgTable(
  "tasks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => requests.id),
    dataSystemId: uuid("data_system_id")
      .notNull()
      .references(() => dataSystems.id),
    status: taskStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    dueOn: date("due_on").notNull(),
    /** What the system reported: counts, what it kept and why. Never the subject's data itself. */
    result: jsonb("result").$type<Record<string, unknown>>(),
    /** Why the last attempt to reach the system failed, or what it said went wrong: never the subject's data. */
    lastError: text("last_error"),
    /** Why staff closed it by hand. */
    closedReason: text("closed_reason"),
    closedBy: uuid("closed_by").references(() => staffUsers.id),
    createdAt: createdAt(),
    /** When the system was given the work: its webhook answered, or its owner was e-mailed. */
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [
    unique("tasks_one_per_system").on(table.requestId, table.dataSystemId),
    // Open tasks by due date, for the queue and the sweep; finished ones are only read with their request.
    index("tasks_open_by_due").on(table.dueOn).where(sql`${table.status} not in ('done', 'not_applicable')`),
  ],
);

/**
 * What a system found of the subject's data for an access request, one row per record, kept only until the package
 * built from it has expired. Rows are read back a page at a time, so no package is ever held whole.
 */
export const taskRecords = pgTable(
  "task_records",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    taskId: uuid("task_id")
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    category: text("category").notNull(),
    record: jsonb("record").$type<Record<string, unknown>>().notNull(),
  },
  // A package reads one system's records of one category at a time, in order, a page at a time.
  (table) => [index("task_records_by_task").on(table.taskId, table.category, table.id)],
);

/**
 * The ids of the signed callbacks each system has sent, so a callback captured and sent again is refused. Ids older
 * than the signature's tolerance need not be kept: their timestamps are refused anyway.
 */
export const webhookReceipts = pgTable(
  "webhook_receipts",
  {
    dataSystemId: uuid("data_system_id")
      .notNull()
      .references(() => dataSystems.id),
    webhookId: text("webhook_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.dataSystemId, table.webhookId] }),
    index("webhook_receipts_by_age").on(table.receivedAt),
  ],
);
