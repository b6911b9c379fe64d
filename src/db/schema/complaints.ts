import { sql } from "drizzle-orm";
import { date, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { complaintOutcomes, complaintStatuses } from "../../domain/complaints.js";
import { createdAt } from "./columns.js";
import { jurisdiction, language, requests } from "./requests.js";
import { staffUsers } from "./staff.js";

export const complaintStatus = pgEnum("complaint_status", complaintStatuses);
export const complaintOutcome = pgEnum("complaint_outcome", complaintOutcomes);

/**
 * A complaint about how we handled a request (or any privacy matter): its own tracking number and clocks, the
 * request it names when the complainant proved it is theirs, and the team's final answer.
 */
export const complaints = pgTable(
  "complaints",
  {
    id: uuid("id").primaryKey(),
    trackingNumber: text("tracking_number").notNull().unique("complaints_tracking_number_unique"),
    /** The request complained of, linked only when its tracking number and the complainant's address match. */
    requestId: uuid("request_id").references(() => requests.id),
    /** A request number the complainant gave that did not match their address: kept as they wrote it. */
    requestReference: text("request_reference"),
    jurisdiction: jurisdiction("jurisdiction").notNull(),
    language: language("language").notNull().default("en"),
    complainantName: text("complainant_name").notNull(),
    complainantEmail: text("complainant_email").notNull(),
    statement: text("statement").notNull(),
    status: complaintStatus("status").notNull().default("open"),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
    acknowledgeBy: date("acknowledge_by", { mode: "string" }).notNull(),
    acknowledgeBasis: text("acknowledge_basis").notNull(),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true, mode: "date" }),
    answerBy: date("answer_by", { mode: "string" }).notNull(),
    answerBasis: text("answer_basis").notNull(),
    deadlockSentAt: timestamp("deadlock_sent_at", { withTimezone: true, mode: "date" }),
    outcome: complaintOutcome("outcome"),
    explanation: text("explanation"),
    answeredBy: uuid("answered_by").references(() => staffUsers.id),
    answeredAt: timestamp("answered_at", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
  },
  (table) => [
    index("complaints_open_by_deadline").on(table.answerBy).where(sql`status = 'open'`),
    index("complaints_by_request").on(table.requestId),
  ],
);
