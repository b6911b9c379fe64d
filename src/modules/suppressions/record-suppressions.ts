import { type SQL, sql } from "drizzle-orm";
import { insertJsonRows } from "../../db/json-insert.js";
import { suppressions } from "../../db/schema/index.js";
import {
  normaliseIdentifier,
  type SubjectIdentifierType,
  type SuppressionScope,
  type SuppressionState,
} from "../../domain/suppression.js";
import { keyedHash } from "../../security/secrets.js";

export interface SubjectIdentifiers {
  email: string;
  phone?: string | null | undefined;
  accountId?: string | null | undefined;
}

/** The keyed hash an identifier is kept as: without TOKEN_SECRET, a copy of the table reveals no one. */
export const identifierHashOf = (tokenSecret: string, type: SubjectIdentifierType, value: string) =>
  keyedHash(tokenSecret, "suppression", `${type}:${normaliseIdentifier(type, value)}`);

/** Each identifier the subject gave, with its type. */
export function identifiersOf(subject: SubjectIdentifiers): { type: SubjectIdentifierType; value: string }[] {
  return [
    { type: "email" as const, value: subject.email },
    ...(subject.phone ? [{ type: "phone" as const, value: subject.phone }] : []),
    ...(subject.accountId ? [{ type: "account_id" as const, value: subject.accountId }] : []),
  ].filter((identifier) => normaliseIdentifier(identifier.type, identifier.value) !== "");
}

/**
 * The insert that records a person's choice for each of their identifiers and each scope, to write with the change
 * that makes it (an opt-out's receipt, a deletion's completion).
 */
export function suppressionInsert(
  tokenSecret: string,
  choice: {
    subject: SubjectIdentifiers;
    scopes: SuppressionScope[];
    state: SuppressionState;
    requestId?: string | undefined;
    at: Date;
  },
): SQL | undefined {
  const rows = identifiersOf(choice.subject).flatMap((identifier) =>
    choice.scopes.map((scope) => ({
      identifierHash: identifierHashOf(tokenSecret, identifier.type, identifier.value),
      identifierType: identifier.type,
      scope,
      state: choice.state,
      requestId: choice.requestId ?? null,
      recordedAt: choice.at,
    })),
  );
  return rows.length ? sql`${insertJsonRows(suppressions, rows)}` : undefined;
}
