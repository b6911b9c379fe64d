import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffRoles } from "../../domain/actor.js";
import { createdAt } from "./columns.js";

export const staffRole = pgEnum("staff_role", staffRoles);

/** Members of the privacy team. */
export const staffUsers = pgTable("staff_users", {
  id: uuid("id").primaryKey(),
  email: text("email").notNull().unique(),
  /** How colleagues find them, in the staff list for assignment; absent for accounts made before names were asked. */
  name: text("name"),
  role: staffRole("role").notNull(),
  createdAt: createdAt(),
  disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
  /** For signing in to the pages; see src/security/passwords.ts. Absent for API-only accounts. */
  passwordHash: text("password_hash"),
});

/** API tokens for staff: shown once, kept as a SHA-256 digest, revocable, with the time each was last used. */
export const staffTokens = pgTable(
  "staff_tokens",
  {
    id: uuid("id").primaryKey(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffUsers.id),
    tokenHash: text("token_hash").notNull().unique(),
    label: text("label").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (table) => [index("staff_tokens_by_staff").on(table.staffId)],
);

/** Signed-in browser sessions for the pages: the cookie holds the token, the table its SHA-256 digest. */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: uuid("id").primaryKey(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffUsers.id),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [index("staff_sessions_by_staff").on(table.staffId)],
);
