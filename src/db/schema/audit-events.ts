import { index, pgEnum, pgTable, text } from "drizzle-orm/pg-core";
import { auditSubjects } from "../../domain/audit-actions.js";
import { auditEntryColumns } from "./request-events.js";

export const auditSubject = pgEnum("audit_subject", auditSubjects);

/**
 * The general audit trail: what happened to the product's own records (staff, their roles and tokens, messages
 * retried, records imported), append-only like the request trail and chained as one.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    ...auditEntryColumns(),
    subjectType: auditSubject("subject_type").notNull(),
    subjectId: text("subject_id").notNull(),
  },
  (table) => [index("audit_events_by_time").on(table.at), index("audit_events_by_subject").on(table.subjectId)],
);

/**
 * The hash of the last entry of each chain that is not a request's own (a request keeps its head on its row). A
 * writer locks its chain's row, so the chain never forks, and a tail cut off behind the product's back shows.
 */
export const auditChainHeads = pgTable("audit_chain_heads", {
  chain: text("chain").primaryKey(),
  hash: text("hash").notNull(),
});
