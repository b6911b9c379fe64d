import { bigint, index, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { actorTypes } from "../../domain/actor.js";
import { auditActions } from "../../domain/audit-actions.js";
import { requestStatus, requests } from "./requests.js";
import { staffRole } from "./staff.js";

export const actorType = pgEnum("actor_type", actorTypes);
export const auditAction = pgEnum("audit_action", auditActions);

/**
 * Who did it, what, when, and the link to the entry before: the columns both audit trails share. `hash` is SHA-256
 * over `prevHash` and the entry's canonical content (see src/modules/audit/chain.ts), so an entry changed behind the
 * product's back no longer matches. Entries written before the trails were chained have neither.
 */
export const auditEntryColumns = () => ({
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
  actorType: actorType("actor_type").notNull(),
  actorId: text("actor_id"),
  actorRole: staffRole("actor_role"),
  action: auditAction("action").notNull(),
  data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  prevHash: text("prev_hash"),
  hash: text("hash"),
});

/** The audit trail: one row per thing that happened to a request, written in the transaction that did it. */
export const requestEvents = pgTable(
  "request_events",
  {
    ...auditEntryColumns(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => requests.id),
    fromStatus: requestStatus("from_status"),
    toStatus: requestStatus("to_status"),
    /** The rules-table versions the action relied on, where it applied a rule. */
    rulesVersion: text("rules_version"),
  },
  (table) => [
    // A request's trail in the order it was written: the detail page, its export, and its hash chain.
    index("request_events_by_request").on(table.requestId, table.id),
    // Audit exports by period.
    index("request_events_by_time").on(table.at),
  ],
);
