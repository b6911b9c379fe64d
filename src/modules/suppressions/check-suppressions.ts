import { inArray, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.js";
import { rowsOf } from "../../db/rows.js";
import { suppressions } from "../../db/schema/index.js";
import type { SubjectIdentifierType, SuppressionScope, SuppressionState } from "../../domain/suppression.js";
import { identifierHashOf } from "./record-suppressions.js";

export interface IdentifierCheck {
  type: SubjectIdentifierType;
  value: string;
}

export interface IdentifierStanding extends IdentifierCheck {
  /** Each scope with a choice on record, and the latest one: what is in force. */
  scopes: { scope: SuppressionScope; state: SuppressionState; since: string }[];
}

/**
 * What is in force for each identifier a system holds: the latest choice per scope. We hash what is sent and keep
 * nothing of it; the answer echoes the values so the caller can match them up.
 */
export async function checkIdentifiers(
  db: Executor,
  tokenSecret: string,
  identifiers: IdentifierCheck[],
): Promise<IdentifierStanding[]> {
  const hashes = identifiers.map((identifier) => identifierHashOf(tokenSecret, identifier.type, identifier.value));
  const latest =
    hashes.length === 0
      ? []
      : await rowsOf<{ identifier_hash: string; scope: SuppressionScope; state: SuppressionState; since: Date }>(
          db,
          sql`select distinct on (identifier_hash, scope) identifier_hash, scope, state, recorded_at as since
                from ${suppressions} where ${inArray(suppressions.identifierHash, hashes)}
               order by identifier_hash, scope, id desc`,
        );
  return identifiers.map((identifier, i) => ({
    ...identifier,
    scopes: latest
      .filter((row) => row.identifier_hash === hashes[i])
      .map((row) => ({ scope: row.scope, state: row.state, since: new Date(row.since).toISOString() })),
  }));
}

/** Which of these e-mail addresses belong to people whose data was deleted: an import must not add them back. */
export async function deletedAmong(db: Executor, tokenSecret: string, emails: string[]): Promise<Set<string>> {
  const standings = await checkIdentifiers(
    db,
    tokenSecret,
    [...new Set(emails)].map((value) => ({ type: "email" as const, value })),
  );
  return new Set(
    standings.filter((one) => one.scopes.some((scope) => scope.scope === "deleted")).map((one) => one.value),
  );
}
