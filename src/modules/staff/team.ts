import { asc, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/index.js";
import { staffUsers } from "../../db/schema/index.js";
import type { StaffRole } from "../../domain/actor.js";

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
