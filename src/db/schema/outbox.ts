import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";
import { requests } from "./requests.js";

export const outboxChannel = pgEnum("outbox_channel", ["mail", "webhook", "connector", "drp_callback"]);
export const outboxState = pgEnum("outbox_state", ["pending", "sent", "dead"]);

/**
 * Every e-mail, webhook job and connector run the product owes, written in the same transaction as the change that
 * owes it and delivered later by a job. `idempotencyKey` names the message itself ("request:<id>:acknowledgement"), so
 * owing it twice is impossible and a job may run any number of times.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    channel: outboxChannel("channel").notNull(),
    template: text("template").notNull(),
    recipient: text("recipient").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    requestId: uuid("request_id").references(() => requests.id),
    state: outboxState("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull(),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [
    index("outbox_due").on(table.nextAttemptAt).where(sql`${table.state} = 'pending'`),
    index("outbox_by_request").on(table.requestId),
    // Dead letters, for admins and the metrics: few rows, so a partial index costs nothing.
    index("outbox_dead").on(table.id).where(sql`${table.state} = 'dead'`),
  ],
);
