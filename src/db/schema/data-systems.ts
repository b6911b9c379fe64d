import { sql } from "drizzle-orm";
import { boolean, check, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { dataSystemReaches, type HeldCategory } from "../../domain/data-categories.js";
import type { ConnectorTable } from "../../modules/data-systems/schemas.js";
import { createdAt } from "./columns.js";
import { requestKind } from "./requests.js";

export const dataSystemReach = pgEnum("data_system_reach", dataSystemReaches);

/**
 * The registry of systems that hold personal data: whose they are, which requests reach them, what they hold and
 * how they are reached. A webhook system's signing secret is kept sealed with TOKEN_SECRET, never in clear.
 */
export const dataSystems = pgTable(
  "data_systems",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull().unique(),
    ownerName: text("owner_name").notNull(),
    ownerEmail: text("owner_email").notNull(),
    requestKinds: requestKind("request_kinds").array().notNull(),
    categories: jsonb("categories").$type<HeldCategory[]>().notNull(),
    correctableFields: text("correctable_fields").array().notNull().default(sql`'{}'::text[]`),
    reach: dataSystemReach("reach").notNull(),
    webhookUrl: text("webhook_url"),
    webhookSecretSealed: text("webhook_secret_sealed"),
    connectionUrlSealed: text("connection_url_sealed"),
    /** Where that URL points, for people to read: user, host and database, no password. */
    connectionTarget: text("connection_target"),
    /** The connector's tables, checked against the database when registered or changed. */
    tables: jsonb("tables").$type<ConnectorTable[]>(),
    enabled: boolean("enabled").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    check(
      "data_systems_webhook_reachable",
      sql`(${table.reach} = 'webhook') = (${table.webhookUrl} is not null and ${table.webhookSecretSealed} is not null)`,
    ),
    check(
      "data_systems_postgres_reachable",
      sql`(${table.reach} = 'postgres') = (${table.connectionUrlSealed} is not null and ${table.tables} is not null)`,
    ),
  ],
);

/**
 * Tokens a data system calls us with (its tasks, the suppression check), each scoped to its one system: stored as
 * digests, shown once, revocable.
 */
export const dataSystemTokens = pgTable("data_system_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  dataSystemId: uuid("data_system_id")
    .notNull()
    .references(() => dataSystems.id),
  tokenHash: text("token_hash").notNull().unique(),
  label: text("label").notNull(),
  createdAt: createdAt(),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
});
