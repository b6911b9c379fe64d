import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { rowsOf } from "../../db/rows.js";
import { staffTokens, staffUsers } from "../../db/schema/index.js";
import type { ActedBy, StaffRole } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { sha256Hex } from "../../security/secrets.js";
import { recordAuditEvent } from "../audit/general-trail.js";

const normalised = (email: string) => email.trim().toLowerCase();

/**
 * Adds a member of the privacy team with the role given (or finds one who already has it) and issues a token,
 * returned once and never again. A member who has another role keeps it: changing a role is `changeStaffRole`'s
 * job, said in so many words, never a side effect of asking for a token.
 */
export async function createStaffToken(
  db: Database,
  input: { email: string; role: StaffRole; label: string; name?: string | undefined },
  by: ActedBy,
): Promise<{ staffId: string; tokenId: string; token: string; created: boolean }> {
  const email = normalised(input.email);
  // 256 random bits: a plain SHA-256 digest is enough to store it, with no key to manage.
  const token = `rd_${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [added] = await tx
      .insert(staffUsers)
      .values({ id: randomUUID(), email, role: input.role, name: input.name?.trim() || null })
      .onConflictDoNothing({ target: staffUsers.email })
      .returning({ id: staffUsers.id });
    const [staff] = added
      ? [{ id: added.id, role: input.role }]
      : await tx
          .select({ id: staffUsers.id, role: staffUsers.role })
          .from(staffUsers)
          .where(eq(staffUsers.email, email));
    if (!staff) throw new Error("The staff member was neither added nor found.");
    if (staff.role !== input.role) {
      throw new DomainError(
        "conflict",
        `${email} is already on the team as ${staff.role}; change the role with staff:role if that is what you mean.`,
      );
    }
    const tokenId = randomUUID();
    await tx
      .insert(staffTokens)
      .values({ id: tokenId, staffId: staff.id, tokenHash: sha256Hex(token), label: input.label });
    const about = { subjectType: "staff", subjectId: staff.id, actor: by.actor, at: by.at } as const;
    await recordAuditEvent(
      tx,
      ...(added ? [{ ...about, action: "staff_created" as const, data: { role: input.role } }] : []),
      { ...about, action: "staff_token_issued", data: { tokenId, label: input.label } },
    );
    return { staffId: staff.id, tokenId, token, created: Boolean(added) };
  });
}

/** Changes a staff member's role, on the trail with the role before and after. False when there is no such member. */
export async function changeStaffRole(db: Database, email: string, role: StaffRole, by: ActedBy): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [staff] = await tx
      .select({ id: staffUsers.id, role: staffUsers.role })
      .from(staffUsers)
      .where(eq(staffUsers.email, normalised(email)))
      .for("update");
    if (!staff) return false;
    if (staff.role === role) return true;
    await tx.update(staffUsers).set({ role }).where(eq(staffUsers.id, staff.id));
    await recordAuditEvent(tx, {
      subjectType: "staff",
      subjectId: staff.id,
      actor: by.actor,
      at: by.at,
      action: "staff_role_changed",
      data: { changed: { role: { before: staff.role, after: role } } },
    });
    return true;
  });
}

/** Revokes every token of a staff member; returns how many were live. */
export async function revokeStaffTokens(db: Database, email: string, by: ActedBy): Promise<number> {
  return db.transaction(async (tx) => {
    const [staff] = await tx
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(eq(staffUsers.email, normalised(email)));
    if (!staff) return 0;
    const revoked = await tx
      .update(staffTokens)
      .set({ revokedAt: by.at })
      .where(and(eq(staffTokens.staffId, staff.id), isNull(staffTokens.revokedAt)))
      .returning({ id: staffTokens.id });
    if (revoked.length > 0) {
      await recordAuditEvent(tx, {
        subjectType: "staff",
        subjectId: staff.id,
        actor: by.actor,
        at: by.at,
        action: "staff_tokens_revoked",
        data: { tokenIds: revoked.map((token) => token.id) },
      });
    }
    return revoked.length;
  });
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
