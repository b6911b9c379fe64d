import { asc, eq } from "drizzle-orm";
import type { Database, Executor } from "../../db/index.js";
import { drpAgents } from "../../db/schema/index.js";
import type { ActedBy } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import { type AgentChange, type AgentEntry, type AgentView, agentIdPattern } from "./schemas.js";

type Row = typeof drpAgents.$inferSelect;

const viewOf = (row: Row): AgentView => ({
  id: row.id,
  name: row.name,
  verify_key: row.verifyKey,
  web_url: row.webUrl,
  identity_assurance_url: row.identityAssuranceUrl,
  technical_contact: row.technicalContact,
  business_contact: row.businessContact,
  enabled: row.enabled,
  paired: row.tokenHash !== null,
  version: row.version,
});

const fieldsOf = (entry: AgentEntry) => ({
  name: entry.name,
  verifyKey: entry.verify_key,
  webUrl: entry.web_url ?? null,
  identityAssuranceUrl: entry.identity_assurance_url ?? null,
  technicalContact: entry.technical_contact ?? null,
  businessContact: entry.business_contact ?? null,
});

/**
 * Adds agents to the directory, or brings those already in it up to date with the entries given (the consortium's
 * agents.json, or one agent from the CLI), on the general trail. An agent whose verify key changes loses its
 * pair-wise token: it was set up with the old key, so the agent sets up again.
 */
export async function putAgents(db: Database, entries: AgentEntry[], by: ActedBy): Promise<AgentView[]> {
  return db.transaction(async (tx) => {
    const views: AgentView[] = [];
    for (const entry of entries) {
      const [current] = await tx.select().from(drpAgents).where(eq(drpAgents.id, entry.id)).for("update");
      const fields = fieldsOf(entry);
      const keyChanged = current !== undefined && current.verifyKey !== entry.verify_key;
      const [row] = current
        ? await tx
            .update(drpAgents)
            .set({
              ...fields,
              ...(keyChanged ? { tokenHash: null, tokenIssuedAt: null } : {}),
              version: current.version + 1,
              updatedAt: by.at,
            })
            .where(eq(drpAgents.id, entry.id))
            .returning()
        : await tx
            .insert(drpAgents)
            .values({ id: entry.id, ...fields, createdAt: by.at, updatedAt: by.at })
            .returning();
      if (!row) throw new Error("The agent was neither added nor changed.");
      await recordAuditEvent(tx, {
        subjectType: "drp_agent",
        subjectId: entry.id,
        actor: by.actor,
        at: by.at,
        action: current ? "drp_agent_changed" : "drp_agent_registered",
        data: current ? { imported: true, keyChanged } : { name: entry.name },
      });
      views.push(viewOf(row));
    }
    return views;
  });
}

export async function listAgents(db: Executor): Promise<AgentView[]> {
  return (await db.select().from(drpAgents).orderBy(asc(drpAgents.id))).map(viewOf);
}

export async function findAgent(db: Executor, id: string): Promise<Row | undefined> {
  // An id no agent could have (a path segment with a NUL, say) is looked up nowhere.
  if (!agentIdPattern.test(id)) return undefined;
  const [row] = await db.select().from(drpAgents).where(eq(drpAgents.id, id));
  return row;
}

/** Changes an agent at the version the admin loaded, on the general trail with the fields changed. */
export async function changeAgent(db: Database, id: string, change: AgentChange, by: ActedBy): Promise<AgentView> {
  if (!agentIdPattern.test(id)) throw new DomainError("not_found", "No such agent in the directory.");
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(drpAgents).where(eq(drpAgents.id, id)).for("update");
    if (!current) throw new DomainError("not_found", `No agent ${id} in the directory.`);
    if (current.version !== change.version) {
      throw new DomainError("conflict", `The agent changed since version ${change.version}; reload it.`);
    }
    const keyChanged = change.verify_key !== undefined && change.verify_key !== current.verifyKey;
    const [row] = await tx
      .update(drpAgents)
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.verify_key !== undefined ? { verifyKey: change.verify_key } : {}),
        ...(change.technical_contact !== undefined ? { technicalContact: change.technical_contact } : {}),
        ...(change.business_contact !== undefined ? { businessContact: change.business_contact } : {}),
        ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
        ...(keyChanged ? { tokenHash: null, tokenIssuedAt: null } : {}),
        version: current.version + 1,
        updatedAt: by.at,
      })
      .where(eq(drpAgents.id, id))
      .returning();
    const changed = Object.keys(change).filter((field) => field !== "version");
    await recordAuditEvent(tx, {
      subjectType: "drp_agent",
      subjectId: id,
      actor: by.actor,
      at: by.at,
      action: "drp_agent_changed",
      data: { changed, keyChanged },
    });
    return viewOf(row as Row);
  });
}
