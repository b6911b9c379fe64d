import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { dataPointKinds } from "../../domain/verification.js";
import { createdAt } from "./columns.js";
import { requests, verificationLevel } from "./requests.js";

export const dataPointKind = pgEnum("data_point_kind", dataPointKinds);

/**
 * One attempt to prove who is asking: a link and a code sent to one address. The link token and the code are kept
 * only as keyed hashes. A new one (resend) supersedes the old; the last completed one is the request's proof.
 */
export const verifications = pgTable(
  "verifications",
  {
    id: uuid("id").primaryKey(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => requests.id),
    /** Where the link and code went: the subject, or the parent acting for a child. */
    email: text("email").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    codeHash: text("code_hash").notNull(),
    level: verificationLevel("level").notNull(),
    dataPointsNeeded: integer("data_points_needed").notNull(),
    declarationNeeded: boolean("declaration_needed").notNull(),
    /** Data points that may not count, such as those a correction would change. */
    excludedDataPoints: dataPointKind("excluded_data_points").array().notNull().default([]),
    /** The subject must also confirm that they authorized the agent who filed the request. */
    confirmsAgent: boolean("confirms_agent").notNull().default(false),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    lockedAt: timestamp("locked_at", { withTimezone: true, mode: "date" }),
    supersededAt: timestamp("superseded_at", { withTimezone: true, mode: "date" }),
    completedAt: timestamp("completed_at", { withTimezone: true, mode: "date" }),
    matchedDataPoints: dataPointKind("matched_data_points").array(),
    declarationText: text("declaration_text"),
    declaredName: text("declared_name"),
    declaredAt: timestamp("declared_at", { withTimezone: true, mode: "date" }),
    declaredFromIp: text("declared_from_ip"),
    createdAt: createdAt(),
  },
  (table) => [index("verifications_by_request").on(table.requestId, table.createdAt)],
);
