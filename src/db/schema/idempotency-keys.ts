import { jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";
import { requests } from "./requests.js";

/**
 * Answers already given to a client-chosen `Idempotency-Key`, so a retried submission returns the first answer
 * instead of opening a second request. The answer holds no personal data.
 */
export const idempotencyKeys = pgTable("idempotency_keys", {
  key: text("key").primaryKey(),
  bodyHash: text("body_hash").notNull(),
  requestId: uuid("request_id")
    .notNull()
    .references(() => requests.id),
  response: jsonb("response").$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
});
