import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { controllerKeyKinds } from "../../domain/scope.js";
import { createdAt } from "./columns.js";

export const controllerKeyKind = pgEnum("controller_key_kind", controllerKeyKinds);

export interface PrivacyContact {
  name: string;
  email: string;
}

/**
 * The business customers whose users' data we process on their behalf: who they are, whom to write to, whether the
 * contract lets us name them to a requester, where their signed webhooks go, and how long we have to forward a
 * request to them. The signing secret is kept sealed with TOKEN_SECRET.
 */
export const controllers = pgTable("controllers", {
  id: uuid("id").primaryKey().defaultRandom(),
  legalName: text("legal_name").notNull().unique(),
  contacts: jsonb("contacts").$type<PrivacyContact[]>().notNull(),
  /** The contract lets us tell a requester who the controller is; otherwise they read `describedAs`. */
  mayBeNamed: boolean("may_be_named").notNull(),
  describedAs: text("described_as").notNull(),
  webhookUrl: text("webhook_url"),
  webhookSecretSealed: text("webhook_secret_sealed"),
  forwardingBusinessDays: integer("forwarding_business_days").notNull().default(5),
  enabled: boolean("enabled").notNull().default(true),
  version: integer("version").notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

/**
 * What ties a person's data to a controller. Account ids and listed subjects are personal, so they are kept as keyed
 * hashes; tenant ids and workforce domains are the customer's own and kept as written, for admins to read.
 */
export const controllerKeys = pgTable(
  "controller_keys",
  {
    controllerId: uuid("controller_id")
      .notNull()
      .references(() => controllers.id, { onDelete: "cascade" }),
    kind: controllerKeyKind("kind").notNull(),
    value: text("value").notNull(),
  },
  (table) => [
    unique("controller_keys_once").on(table.controllerId, table.kind, table.value),
    index("controller_keys_lookup").on(table.kind, table.value),
  ],
);

/**
 * Tokens a controller calls our controller API with, each scoped to that one controller: stored as digests, shown
 * once, revocable.
 */
export const controllerTokens = pgTable("controller_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  controllerId: uuid("controller_id")
    .notNull()
    .references(() => controllers.id),
  tokenHash: text("token_hash").notNull().unique(),
  label: text("label").notNull(),
  createdAt: createdAt(),
  revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
});

/**
 * The other side of routing, for a company that is itself the controller: processors that forward requests about its
 * data to us, each signing with the secret it issued us (kept sealed with TOKEN_SECRET; until an admin enters it,
 * nothing it sends is taken).
 */
export const processors = pgTable("processors", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  signingSecretSealed: text("signing_secret_sealed"),
  enabled: boolean("enabled").notNull().default(true),
  version: integer("version").notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
