import { sql } from "drizzle-orm";
import { date, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { appealOutcomes } from "../../domain/vocabulary.js";
import { createdAt } from "./columns.js";
import { requests } from "./requests.js";
import { staffUsers } from "./staff.js";

export const appealOutcome = pgEnum("appeal_outcome", appealOutcomes);

/** A requester's appeal of a refusal: its own record and clock, decided by an admin who did not decide the request. */
export const appeals = pgTable(
  "appeals",
  {
    id: uuid("id").primaryKey(),
    requestId: uuid("request_id")
      .notNull()
      .unique()
      .references(() => requests.id),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
    respondBy: date("respond_by", { mode: "string" }).notNull(),
    respondByBasis: text("respond_by_basis").notNull(),
    statement: text("statement").notNull(),
    outcome: appealOutcome("outcome"),
    explanation: text("explanation"),
    decidedBy: uuid("decided_by").references(() => staffUsers.id),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (table) => [index("appeals_open_by_deadline").on(table.respondBy).where(sql`decided_at is null`)],
);
