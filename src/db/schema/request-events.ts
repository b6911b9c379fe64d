import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actorTypes } from "../../domain/actor.js";
import { requestStatus, requests } from "./requests.js";

export const actorType = pgEnum("actor_type", actorTypes);

/** The audit trail: one row per thing that happened to a request, written in the transaction that did it. */
export const requestEvents = pgTable(
  "request_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => requests.id),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    actorType: actorType("actor_type").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    fromStatus: requestStatus("from_status"),
    toStatus: requestStatus("to_status"),
    /** The rules-table versions the action relied on, where it applied a rule. */
    rulesVersion: text("rules_version"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    index("request_events_by_request").on(table.requestId, table.at),
    // Audit exports by period.
    index("request_events_by_time").on(table.at),
  ],
);
