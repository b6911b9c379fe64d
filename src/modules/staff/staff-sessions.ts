import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { staffSessions, staffUsers } from "../../db/schema/index.js";
import type { ActedBy, StaffRole } from "../../domain/actor.js";
import { addHoursToInstant } from "../../domain/calendar.js";
import { hashPassword, verifyPassword } from "../../security/passwords.js";
import { keyedHash, sameDigest, sha256Hex } from "../../security/secrets.js";
import { recordAuditEvent } from "../audit/general-trail.js";

export interface SignedIn {
  id: string;
  email: string;
  role: StaffRole;
}

/** Sets (or replaces) the password a staff member signs in to the pages with; on the trail, never its value. */
export async function setStaffPassword(db: Database, email: string, password: string, by: ActedBy): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(staffUsers)
      .set({ passwordHash })
      .where(eq(staffUsers.email, email.trim().toLowerCase()))
      .returning({ id: staffUsers.id });
    if (!updated) return false;
    await recordAuditEvent(tx, {
      subjectType: "staff",
      subjectId: updated.id,
      actor: by.actor,
      at: by.at,
      action: "staff_password_set",
    });
    return true;
  });
}

/**
 * Checks the e-mail and password and opens a session: its token goes in the cookie and is stored only as a digest.
 * A wrong password, an unknown address and a disabled account give the same answer, after the same work.
 */
export async function signIn(
  db: Database,
  input: { email: string; password: string },
  now: Date,
  sessionHours: number,
): Promise<{ token: string; staff: SignedIn } | undefined> {
  const [staff] = await db
    .select({
      id: staffUsers.id,
      email: staffUsers.email,
      role: staffUsers.role,
      passwordHash: staffUsers.passwordHash,
    })
    .from(staffUsers)
    .where(and(eq(staffUsers.email, input.email.trim().toLowerCase()), isNull(staffUsers.disabledAt)));
  if (!(await verifyPassword(input.password, staff?.passwordHash)) || !staff) return undefined;
  const token = randomBytes(32).toString("base64url");
  await db.insert(staffSessions).values({
    id: randomUUID(),
    staffId: staff.id,
    tokenHash: sha256Hex(token),
    expiresAt: addHoursToInstant(now, sessionHours),
  });
  return { token, staff: { id: staff.id, email: staff.email, role: staff.role } };
}

/** The staff member a live session cookie belongs to. */
export async function sessionStaff(db: Database, token: string, now: Date): Promise<SignedIn | undefined> {
  const [found] = await db
    .select({ id: staffUsers.id, email: staffUsers.email, role: staffUsers.role })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.tokenHash, sha256Hex(token)),
        gt(staffSessions.expiresAt, now),
        isNull(staffUsers.disabledAt),
      ),
    );
  return found;
}

export async function signOut(db: Database, token: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.tokenHash, sha256Hex(token)));
}

/**
 * The anti-forgery token for a session's forms: derived from the session token with the server's key, so it needs
 * no storage, differs per session, and cannot be computed by a page that only knows the cookie exists.
 */
export function csrfTokenFor(sessionToken: string, key: string): string {
  return keyedHash(key, "csrf", sessionToken);
}

export function isCsrfTokenFor(sessionToken: string, key: string, given: string | undefined): boolean {
  return sameDigest(csrfTokenFor(sessionToken, key), given ?? "");
}
