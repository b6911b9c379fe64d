import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Executor } from "../../db/index.js";
import { drpAgents } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { checkClaims, type DrpRefusal, openSigned } from "../../domain/drp.js";
import { sha256Hex } from "../../security/secrets.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import { findAgent } from "./directory.js";

export type Pairing = { agentId: string; token: string } | { refused: DrpRefusal | "unknown_agent" };

const agentActor = (id: string): Actor => ({ type: "agent", id });

/**
 * The protocol's pair-wise key set-up: an agent in the directory sends a message signed with its key, naming itself
 * and us, and gets a new bearer token (64 random bytes), stored only as a digest, which replaces the one before. A
 * refused set-up changes nothing, so the old token keeps working; it is on the trail with the reason when the agent
 * is one we know.
 */
export async function pairAgent(ctx: AppContext, agentId: string, body: string): Promise<Pairing> {
  const agent = await findAgent(ctx.db, agentId);
  if (!agent?.enabled) return { refused: "unknown_agent" };
  const at = ctx.now();
  const opened = openSigned(body, agent.verifyKey);
  const refusal =
    "refusal" in opened
      ? opened.refusal
      : checkClaims(opened.claims, { agentId, businessId: ctx.config.DRP_BUSINESS_ID, now: at });
  const about = { subjectType: "drp_agent", subjectId: agentId, actor: agentActor(agentId), at } as const;
  if (refusal) {
    await ctx.db.transaction((tx) =>
      recordAuditEvent(tx, { ...about, action: "drp_agent_pairing_refused", data: { refusal } }),
    );
    return { refused: refusal };
  }
  const token = randomBytes(64).toString("base64url");
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(drpAgents)
      .set({ tokenHash: sha256Hex(token), tokenIssuedAt: at })
      .where(eq(drpAgents.id, agentId));
    await recordAuditEvent(tx, { ...about, action: "drp_agent_paired" });
  });
  return { agentId, token };
}

/** The enabled agent a bearer token was issued to, if any (a 64-byte token: its plain digest is enough to look it up). */
export async function agentOfToken(db: Executor, token: string) {
  const [agent] = await db
    .select()
    .from(drpAgents)
    .where(and(eq(drpAgents.tokenHash, sha256Hex(token)), eq(drpAgents.enabled, true)));
  return agent;
}

/** An agent's call, on the general trail with the agent as actor. */
export async function recordAgentCall(ctx: AppContext, agentId: string, data: Record<string, unknown>) {
  await ctx.db.transaction((tx) =>
    recordAuditEvent(tx, {
      subjectType: "drp_agent",
      subjectId: agentId,
      actor: agentActor(agentId),
      at: ctx.now(),
      action: "drp_agent_read",
      data,
    }),
  );
}
