import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";
import { requests } from "./requests.js";

/**
 * The copy of an access request's data, reached by an expiring link and unlocked by a fresh code sent to the
 * requester's address. Nothing of the package itself is stored: it is built from the tasks' records on each
 * download. Link and code are kept only as keyed hashes; reissuing gives a new link and the old one stops working.
 */
export const accessPackages = pgTable("access_packages", {
  id: uuid("id").primaryKey().defaultRandom(),
  requestId: uuid("request_id")
    .notNull()
    .unique()
    .references(() => requests.id),
  linkHash: text("link_hash").notNull().unique(),
  expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  downloadLimit: integer("download_limit").notNull(),
  downloads: integer("downloads").notNull().default(0),
  /** How many links it has had: 1, then one more each time staff reissue it. */
  issues: integer("issues").notNull().default(1),
  codeHash: text("code_hash"),
  codeSentAt: timestamp("code_sent_at", { withTimezone: true, mode: "date" }),
  codeExpiresAt: timestamp("code_expires_at", { withTimezone: true, mode: "date" }),
  codeAttempts: integer("code_attempts").notNull().default(0),
  createdAt: createdAt(),
  lastDownloadAt: timestamp("last_download_at", { withTimezone: true, mode: "date" }),
  /** When the records it is built from were deleted, PACKAGE_RECORDS_KEEP_DAYS after the link expired. */
  recordsPurgedAt: timestamp("records_purged_at", { withTimezone: true, mode: "date" }),
});
