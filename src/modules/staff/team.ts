import { randomUUID } from "node:crypto";
import { asc, isNull, sql } from "drizzle-orm";
import type { Database, Executor } from "../../db/index.js";
import { staffUsers } from "../../db/schema/index.js";
import type { ActedBy, StaffRole } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { hashPassword } from "../../security/passwords.js";
import { recordAuditEvent } from "../audit/general-trail.js";

export interface TeamMember {
  id: string;
  /** The name colleagues know them by, or their e-mail address where none was given. */
  name: string;
  email: string;
  role: StaffRole;
  active: boolean;
}

/** The privacy team by name: who a request can be assigned to, and the admins' list of accounts. */
export async function listTeam(db: Executor, { activeOnly = false } = {}): Promise<TeamMember[]> {
  const rows = await db
    .select({
      id: staffUsers.id,
      name: staffUsers.name,
      email: staffUsers.email,
      role: staffUsers.role,
      disabledAt: staffUsers.disabledAt,
    })
    .from(staffUsers)
    .where(activeOnly ? isNull(staffUsers.disabledAt) : undefined)
    .orderBy(asc(sql`lower(coalesce(${staffUsers.name}, ${staffUsers.email}))`), asc(staffUsers.id));
  return rows.map(({ disabledAt, name, ...member }) => ({
    ...member,
    name: name ?? member.email,
    active: disabledAt === null,
  }));
}

/** Who may hold a request: active reviewers and admins (see `assignRequest`). */
export async function assignableTeam(db: Executor): Promise<TeamMember[]> {
  return (await listTeam(db, { activeOnly: true })).filter((member) => member.role !== "auditor");
}

/**
 * Adds a colleague who signs in to the pages with the password given (they change it with `staff:password`), on the
 * general trail. An address already on the team is refused: its role is changed in so many words, never here.
 */
export async function addTeamMember(
  db: Database,
  input: { name: string; email: string; role: StaffRole; password: string },
  by: ActedBy,
): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const id = randomUUID();
    const [added] = await tx
      .insert(staffUsers)
      .values({ id, email: input.email.trim().toLowerCase(), name: input.name.trim(), role: input.role, passwordHash })
      .onConflictDoNothing({ target: staffUsers.email })
      .returning({ id: staffUsers.id });
    if (!added) {
      throw new DomainError("conflict", `${input.email} is already on the team.`, [
        { field: "email", message: "is already on the team" },
      ]);
    }
    await recordAuditEvent(tx, {
      subjectType: "staff",
      subjectId: id,
      actor: by.actor,
      at: by.at,
      action: "staff_created",
      data: { role: input.role },
    });
    return id;
  });
}
