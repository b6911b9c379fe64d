import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { requests } from "./requests.js";

/**
 * A requester's statement about a correction we refused, kept with their record (11 CCR §7023(f)): one per request,
 * up to 250 words.
 */
export const correctionStatements = pgTable("correction_statements", {
  id: uuid("id").primaryKey().defaultRandom(),
  requestId: uuid("request_id")
    .notNull()
    .unique()
    .references(() => requests.id),
  statement: text("statement").notNull(),
  filedAt: timestamp("filed_at", { withTimezone: true, mode: "date" }).notNull(),
});
