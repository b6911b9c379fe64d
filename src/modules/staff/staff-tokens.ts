import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { staffTokens, staffUsers } from "../../db/schema/index.js";
import type { StaffRole } from "../../domain/actor.js";

/** 256 random bits: a plain SHA-256 digest is enough to store it, with no key to manage. */
const digest = (token: string) => createHash("sha256").update(token).digest("hex");

/** Creates the staff member if new (or updates the role), and issues a token, returned once and never again. */
export async function createStaffToken(
  db: Database,
  input: { email: string; role: StaffRole; label: string },
): Promise<{ staffId: string; tokenId: string; token: string }> {
  const email = input.email.trim().toLowerCase();
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
      .values({ id: tokenId, staffId: staff.id, tokenHash: digest(token), label: input.label });
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

/** The staff member a live token belongs to, noting when it was used. */
export async function authenticateStaff(
  db: Database,
  token: string,
  now: Date,
): Promise<{ id: string; role: StaffRole } | undefined> {
  const [found] = await db
    .select({ tokenId: staffTokens.id, id: staffUsers.id, role: staffUsers.role })
    .from(staffTokens)
    .innerJoin(staffUsers, eq(staffUsers.id, staffTokens.staffId))
    .where(and(eq(staffTokens.tokenHash, digest(token)), isNull(staffTokens.revokedAt), isNull(staffUsers.disabledAt)));
  if (!found) return undefined;
  await db.update(staffTokens).set({ lastUsedAt: now }).where(eq(staffTokens.id, found.tokenId));
  return { id: found.id, role: found.role };
}
