import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { rowsOf } from "../../db/rows.js";
import { staffTokens, staffUsers } from "../../db/schema/index.js";
import type { StaffRole } from "../../domain/actor.js";
import { sha256Hex } from "../../security/secrets.js";

/** Creates the staff member if new (or updates the role), and issues a token, returned once and never again. */
export async function createStaffToken(
  db: Database,
  input: { email: string; role: StaffRole; label: string },
): Promise<{ staffId: string; tokenId: string; token: string }> {
  const email = input.email.trim().toLowerCase();
  // 256 random bits: a plain SHA-256 digest is enough to store it, with no key to manage.
  const token = `rd_${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [staff] = await tx
      .insert(staffUsers)
      .values({ id: randomUUID(), email, role: input.role })
      .onConflictDoUpdate({ target: staffUsers.email, set: { role: input.role } })
      .returning({ id: staffUsers.id });
    if (!staff) throw new Error("The staff insert returned no row.");
    const tokenId = randomUUID();
    await tx
      .insert(staffTokens)
      .values({ id: tokenId, staffId: staff.id, tokenHash: sha256Hex(token), label: input.label });
    return { staffId: staff.id, tokenId, token };
  });
}

/** Revokes every token of a staff member; returns how many were live. */
export async function revokeStaffTokens(db: Database, email: string, now: Date): Promise<number> {
  const [staff] = await db
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(eq(staffUsers.email, email.trim().toLowerCase()));
  if (!staff) return 0;
  const revoked = await db
    .update(staffTokens)
    .set({ revokedAt: now })
    .where(and(eq(staffTokens.staffId, staff.id), isNull(staffTokens.revokedAt)))
    .returning({ id: staffTokens.id });
  return revoked.length;
}

/**
 * The staff member a live token belongs to, noting when it was used to the minute: one statement, which writes
 * only when the recorded time is a minute old, so reading the queue does not cost a write per call.
 */
export async function authenticateStaff(
  db: Database,
  token: string,
  now: Date,
): Promise<{ id: string; role: StaffRole } | undefined> {
  const [found] = await rowsOf<{ id: string; role: StaffRole }>(
    db,
    sql`with found as (
          select t.id as token_id, t.last_used_at, u.id, u.role
          from ${staffTokens} t join ${staffUsers} u on u.id = t.staff_id
          where t.token_hash = ${sha256Hex(token)} and t.revoked_at is null and u.disabled_at is null
        ), touched as (
          update ${staffTokens} set last_used_at = ${now.toISOString()}::timestamptz from found
          where ${staffTokens.id} = found.token_id
            and (found.last_used_at is null or found.last_used_at < ${now.toISOString()}::timestamptz - interval '1 minute')
        )
        select id, role from found`,
  );
  return found;
}
