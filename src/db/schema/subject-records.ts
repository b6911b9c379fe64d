import { bigint, index, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";

/**
 * What the company holds about people, to check a requester's answers against. Values are stored normalised
 * (see `normalizeDataPoint`); one person may have several records, from several sources.
 */
export const subjectRecords = pgTable(
  "subject_records",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    email: text("email").notNull(),
    phone: text("phone"),
    accountId: text("account_id"),
    postalCode: text("postal_code"),
    cardLast4: text("card_last4"),
    dateOfBirth: text("date_of_birth"),
    /** Where the record came from, e.g. "csv:crm-export.csv". */
    source: text("source").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("subject_records_by_email").on(table.email)],
);
