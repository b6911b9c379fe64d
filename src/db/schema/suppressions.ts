import { bigint, index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { subjectIdentifierTypes, suppressionScopes, suppressionStates } from "../../domain/suppression.js";
import { requests } from "./requests.js";

export const suppressionScope = pgEnum("suppression_scope", suppressionScopes);
export const suppressionState = pgEnum("suppression_state", suppressionStates);
export const subjectIdentifierType = pgEnum("subject_identifier_type", subjectIdentifierTypes);

/**
 * What a person asked of their data, by keyed hashes of their identifiers only: deleted (never re-add them), opted
 * out of a use, or later opted in again. Append-only: a later choice is a new row, so the first is never lost; the
 * latest row per identifier and scope is the one in force.
 */
export const suppressions = pgTable(
  "suppressions",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    identifierHash: text("identifier_hash").notNull(),
    identifierType: subjectIdentifierType("identifier_type").notNull(),
    scope: suppressionScope("scope").notNull(),
    state: suppressionState("state").notNull(),
    /** The request that asked for it, when one did (an opt-in from a company's site has none). */
    requestId: uuid("request_id").references(() => requests.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [index("suppressions_by_identifier").on(table.identifierHash, table.scope, table.id)],
);
