import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
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
    /** Why staff closed it by hand. */
    closedReason: text("closed_reason"),
    closedBy: uuid("closed_by").references(() => staffUsers.id),
    createdAt: createdAt(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [
    unique("tasks_one_per_system").on(table.requestId, table.dataSystemId),
    // Open tasks by due date, for the queue and the sweep; finished ones are only read with their request.
    index("tasks_open_by_due").on(table.dueOn).where(sql`${table.status} not in ('done', 'not_applicable')`),
  ],
);
