import type { AppContext } from "../../context.js";
import { insertJsonRows } from "../../db/json-insert.js";
import { suppressions } from "../../db/schema/index.js";
import type { SubjectIdentifierType, SuppressionScope } from "../../domain/suppression.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import { identifierHashOf } from "./record-suppressions.js";

/**
 * A person's later opt-in, recorded beside their opt-out (which stays on record) so the latest choice is in force.
 * On the general trail with the system that recorded it, and how many identifiers, never which.
 */
export async function recordOptIn(
  ctx: AppContext,
  systemId: string,
  identifiers: { type: SubjectIdentifierType; value: string }[],
  scopes: Exclude<SuppressionScope, "deleted">[],
): Promise<number> {
  const at = ctx.now();
  const rows = identifiers.flatMap((identifier) =>
    scopes.map((scope) => ({
      identifierHash: identifierHashOf(ctx.config.TOKEN_SECRET, identifier.type, identifier.value),
      identifierType: identifier.type,
      scope,
      state: "opted_in" as const,
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
      action: "opt_in_recorded",
      data: { identifiers: identifiers.length, scopes },
    });
  });
  return rows.length;
}
