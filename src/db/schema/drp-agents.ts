import { boolean, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "./columns.js";

/**
 * The authorized agents' services that may file requests by the Data Rights Protocol: the consortium's directory
 * entry (its id, name, Ed25519 verify key and contacts), whether it is enabled, and the pair-wise token it set up
 * with us, kept only as a SHA-256 digest. A new set-up replaces the token; a refused one leaves it working.
 */
export const drpAgents = pgTable("drp_agents", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** The agent's Ed25519 public key: 32 bytes, base64. */
  verifyKey: text("verify_key").notNull(),
  webUrl: text("web_url"),
  identityAssuranceUrl: text("identity_assurance_url"),
  technicalContact: text("technical_contact"),
  businessContact: text("business_contact"),
  enabled: boolean("enabled").notNull().default(true),
  tokenHash: text("token_hash").unique(),
  tokenIssuedAt: timestamp("token_issued_at", { withTimezone: true, mode: "date" }),
  version: integer("version").notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});
