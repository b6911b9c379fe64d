import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { rowsOf } from "../../db/rows.js";
import { controllers, controllerTokens, dataSystems, dataSystemTokens } from "../../db/schema/index.js";
import type { ActedBy } from "../../domain/actor.js";
import type { AuditSubject, GeneralAuditAction } from "../../domain/audit-actions.js";
import { DomainError } from "../../domain/errors.js";
import { sha256Hex } from "../../security/secrets.js";
import { recordAuditEvent } from "../audit/general-trail.js";

/**
 * Tokens scoped to one owner (a data system, a controller): random, prefixed so a leaked one says whose kind it
 * is, stored as SHA-256 digests, shown once, revocable, on the general trail. One implementation for every kind of
 * owner, so they are issued, checked and revoked alike.
 */
const kinds = {
  data_system: {
    prefix: "rdsys_",
    noun: "data system",
    owners: dataSystems,
    tokens: dataSystemTokens,
    ownerOf: dataSystemTokens.dataSystemId,
    ownerColumn: "data_system_id",
    issued: "data_system_token_issued",
    revoked: "data_system_token_revoked",
  },
  controller: {
    prefix: "rdctl_",
    noun: "controller",
    owners: controllers,
    tokens: controllerTokens,
    ownerOf: controllerTokens.controllerId,
    ownerColumn: "controller_id",
    issued: "controller_token_issued",
    revoked: "controller_token_revoked",
  },
} as const satisfies Record<
  Extract<AuditSubject, "data_system" | "controller">,
  { issued: GeneralAuditAction; revoked: GeneralAuditAction; [key: string]: unknown }
>;
export type TokenOwnerKind = keyof typeof kinds;

export const tokenPrefixes = Object.values(kinds).map((kind) => kind.prefix);

/** Issues a token for one owner, returned here only, on the general trail. */
export async function issueScopedToken(
  db: Database,
  kind: TokenOwnerKind,
  ownerId: string,
  label: string,
  by: ActedBy,
): Promise<{ tokenId: string; token: string }> {
  const spec = kinds[kind];
  const token = `${spec.prefix}${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [owner] = await tx.select({ id: spec.owners.id }).from(spec.owners).where(eq(spec.owners.id, ownerId));
    if (!owner) throw new DomainError("not_found", `No ${spec.noun} with id ${ownerId}.`);
    const [issued] = await rowsOf<{ id: string }>(
      tx,
      sql`insert into ${spec.tokens} (${sql.identifier(spec.ownerColumn)}, token_hash, label, created_at)
          values (${ownerId}, ${sha256Hex(token)}, ${label}, ${by.at.toISOString()}::timestamptz) returning id`,
    );
    const tokenId = (issued as { id: string }).id;
    await recordAuditEvent(tx, {
      subjectType: kind,
      subjectId: ownerId,
      actor: by.actor,
      at: by.at,
      action: spec.issued,
      data: { tokenId, label },
    });
    return { tokenId, token };
  });
}

/** Revokes one of an owner's tokens at once, on the general trail; another owner's token is not found. */
export async function revokeScopedToken(
  db: Database,
  kind: TokenOwnerKind,
  ownerId: string,
  tokenId: string,
  by: ActedBy,
): Promise<void> {
  const spec = kinds[kind];
  await db.transaction(async (tx) => {
    const revoked = await tx
      .update(spec.tokens)
      .set({ revokedAt: by.at })
      .where(and(eq(spec.tokens.id, tokenId), eq(spec.ownerOf, ownerId), isNull(spec.tokens.revokedAt)))
      .returning({ id: spec.tokens.id });
    if (revoked.length === 0) throw new DomainError("not_found", `This ${spec.noun} has no such live token.`);
    await recordAuditEvent(tx, {
      subjectType: kind,
      subjectId: ownerId,
      actor: by.actor,
      at: by.at,
      action: spec.revoked,
      data: { tokenId },
    });
  });
}

/**
 * The owner a live token of the kind belongs to, noting its use to the minute in the same statement. A disabled
 * owner's tokens still work: its work may be half done (a system's tasks, a controller's routed requests).
 */
export async function authenticateScopedToken(
  db: Database,
  kind: TokenOwnerKind,
  token: string,
  now: Date,
): Promise<string | undefined> {
  const spec = kinds[kind];
  if (!token.startsWith(spec.prefix)) return undefined;
  const at = now.toISOString();
  const [found] = await rowsOf<{ id: string }>(
    db,
    sql`with found as (
          select id as token_id, ${sql.identifier(spec.ownerColumn)} as id, last_used_at from ${spec.tokens}
          where token_hash = ${sha256Hex(token)} and revoked_at is null
        ), touched as (
          update ${spec.tokens} set last_used_at = ${at}::timestamptz from found
          where ${spec.tokens}.id = found.token_id
            and (found.last_used_at is null or found.last_used_at < ${at}::timestamptz - interval '1 minute')
        )
        select id from found`,
  );
  return found?.id;
}
