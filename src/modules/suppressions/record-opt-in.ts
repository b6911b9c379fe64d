import type { AppContext } from "../../context.js";
import { insertJsonRows } from "../../db/json-insert.js";
import { suppressions } from "../../db/schema/index.js";
import type { SubjectIdentifierType, SuppressionScope } from "../../domain/suppression.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import { identifierHashOf } from "./record-suppressions.js";

type Identifiers = { type: SubjectIdentifierType; value: string }[];

/**
 * A person's later opt-in, recorded beside their opt-out (which stays on record) so the latest choice is in force.
 * On the general trail with the system that recorded it, and how many identifiers, never which.
 */
export function recordOptIn(
  ctx: AppContext,
  systemId: string,
  identifiers: Identifiers,
  scopes: Exclude<SuppressionScope, "deleted">[],
): Promise<number> {
  return recordChoice(ctx, systemId, identifiers, scopes, "opted_in", "opt_in_recorded");
}

/**
 * A Global Privacy Control signal one of the company's own sites received from a person it knows, honoured as an
 * opt-out where it binds (see `gpcBinding`): recorded like an opt-in, as `suppressed`.
 */
export function recordGpcSignal(
  ctx: AppContext,
  systemId: string,
  identifiers: Identifiers,
  scopes: SuppressionScope[],
): Promise<number> {
  return recordChoice(ctx, systemId, identifiers, scopes, "suppressed", "gpc_signal_recorded");
}

/** A choice a system reports for the identifiers it knows, on the general trail without them. */
async function recordChoice(
  ctx: AppContext,
  systemId: string,
  identifiers: Identifiers,
  scopes: SuppressionScope[],
  state: "opted_in" | "suppressed",
  action: "opt_in_recorded" | "gpc_signal_recorded",
): Promise<number> {
  const at = ctx.now();
  const rows = identifiers.flatMap((identifier) =>
    scopes.map((scope) => ({
      identifierHash: identifierHashOf(ctx.config.TOKEN_SECRET, identifier.type, identifier.value),
      identifierType: identifier.type,
      scope,
      state,
      requestId: null,
      recordedAt: at,
    })),
  );
  await ctx.db.transaction(async (tx) => {
    await tx.execute(insertJsonRows(suppressions, rows));
    await recordAuditEvent(tx, {
      subjectType: "suppressions",
      subjectId: systemId,
      actor: { type: "data_system", id: systemId },
      at,
      action,
      data: { identifiers: identifiers.length, scopes },
    });
  });
  return rows.length;
}
