import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { rowsOf } from "../../db/rows.js";
import { type controllerTokens, dataSystems, dataSystemTokens } from "../../db/schema/index.js";
import type { ActedBy } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { sha256Hex } from "../../security/secrets.js";
import { recordAuditEvent } from "../audit/general-trail.js";

/** What tells a data system's token from a staff member's at a glance (and in a leaked log line). */
export const systemTokenPrefix = "rdsys_";

/** Issues a token for one data system, returned here only, on the general trail. */
export async function issueSystemToken(
  db: Database,
  dataSystemId: string,
  label: string,
  by: ActedBy,
): Promise<{ tokenId: string; token: string }> {
  const token = `${systemTokenPrefix}${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [system] = await tx.select({ id: dataSystems.id }).from(dataSystems).where(eq(dataSystems.id, dataSystemId));
    if (!system) throw new DomainError("not_found", `No data system with id ${dataSystemId}.`);
    const [issued] = await tx
      .insert(dataSystemTokens)
      .values({ dataSystemId, tokenHash: sha256Hex(token), label, createdAt: by.at })
      .returning({ id: dataSystemTokens.id });
    const tokenId = (issued as { id: string }).id;
    await recordAuditEvent(tx, {
      subjectType: "data_system",
      subjectId: dataSystemId,
      actor: by.actor,
      at: by.at,
      action: "data_system_token_issued",
      data: { tokenId, label },
    });
    return { tokenId, token };
  });
}

/** Revokes one of a system's tokens at once, on the general trail; a token of another system is not found. */
export async function revokeSystemToken(db: Database, dataSystemId: string, tokenId: string, by: ActedBy) {
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(dataSystemTokens)
      .set({ revokedAt: by.at })
      .where(
        and(
          eq(dataSystemTokens.id, tokenId),
          eq(dataSystemTokens.dataSystemId, dataSystemId),
          isNull(dataSystemTokens.revokedAt),
        ),
      )
      .returning({ id: dataSystemTokens.id });
    if (!revoked) throw new DomainError("not_found", "This system has no such live token.");
    await recordAuditEvent(tx, {
      subjectType: "data_system",
      subjectId: dataSystemId,
      actor: by.actor,
      at: by.at,
      action: "data_system_token_revoked",
      data: { tokenId },
    });
  });
}

/**
 * The system a live token belongs to (a disabled system's tokens still read its tasks: its work may be half done).
 */
export async function authenticateSystem(db: Database, token: string, now: Date): Promise<string | undefined> {
  if (!token.startsWith(systemTokenPrefix)) return undefined;
  return liveTokenOwner(db, { table: dataSystemTokens, owner: "data_system_id" }, token, now);
}

/**
 * Who a live token of a token table belongs to (its owner column), noting the token's use to the minute in the same
 * statement. The tables of data systems' and controllers' tokens share this shape.
 */
export async function liveTokenOwner(
  db: Database,
  tokens: { table: typeof dataSystemTokens | typeof controllerTokens; owner: "data_system_id" | "controller_id" },
  token: string,
  now: Date,
): Promise<string | undefined> {
  const owner = sql.identifier(tokens.owner);
  const [found] = await rowsOf<{ id: string }>(
    db,
    sql`with found as (
          select id as token_id, ${owner} as id, last_used_at from ${tokens.table}
          where token_hash = ${sha256Hex(token)} and revoked_at is null
        ), touched as (
          update ${tokens.table} set last_used_at = ${now.toISOString()}::timestamptz from found
          where ${tokens.table}.id = found.token_id
            and (found.last_used_at is null or found.last_used_at < ${now.toISOString()}::timestamptz - interval '1 minute')
        )
        select id from found`,
  );
  return found?.id;
}
