import { eq } from "drizzle-orm";
import type { Transaction } from "../../db/index.js";
import { auditChainHeads, auditEvents } from "../../db/schema/index.js";
import { type Actor, actorColumns } from "../../domain/actor.js";
import type { AuditSubject, GeneralAuditAction } from "../../domain/audit-actions.js";
import { chain, genesisHash } from "./chain.js";

export const generalChain = "general";

export interface GeneralEvent {
  subjectType: AuditSubject;
  subjectId: string;
  actor: Actor;
  at: Date;
  action: GeneralAuditAction;
  /** What changed and why; never secrets. */
  data?: Record<string, unknown>;
}

/**
 * Appends to the general audit trail in the caller's transaction, chained after the last entry. The chain's head
 * row is locked until the transaction ends, so writers queue rather than fork the chain; these writes are rare
 * (staff, imports, retries), so the queue is short.
 */
export async function recordAuditEvent(tx: Transaction, ...events: GeneralEvent[]): Promise<void> {
  await tx.insert(auditChainHeads).values({ chain: generalChain, hash: genesisHash }).onConflictDoNothing();
  const [head] = await tx
    .select({ hash: auditChainHeads.hash })
    .from(auditChainHeads)
    .where(eq(auditChainHeads.chain, generalChain))
    .for("update");
  const linked = chain(
    head?.hash ?? genesisHash,
    events.map(({ actor, data, ...event }) => ({ ...event, ...actorColumns(actor), data: data ?? {} })),
  );
  await tx.insert(auditEvents).values(linked.entries);
  await tx.update(auditChainHeads).set({ hash: linked.head }).where(eq(auditChainHeads.chain, generalChain));
}
