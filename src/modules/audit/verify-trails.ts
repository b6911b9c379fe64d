import { and, asc, eq, gt, or } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { auditChainHeads, auditEvents, requestEvents, requests } from "../../db/schema/index.js";
import { type ChainBreak, chainWalker } from "./chain.js";
import { generalChain } from "./general-trail.js";

export interface TrailBreak extends ChainBreak {
  /** Which chain: "request <id>" or "general". */
  chain: string;
}

export interface TrailReport {
  intact: boolean;
  chainsChecked: number;
  entriesChecked: number;
  /** The first entry that does not match, in each chain that has one. */
  breaks: TrailBreak[];
  summary: string;
}

const batchSize = 5_000;

/**
 * Recomputes the audit trails' hash chains, one request's or all of them with the general trail, and names the first
 * entry of each chain that does not match. Reads in keyset batches and checks as it reads, so a large trail never
 * sits whole in memory.
 */
export async function verifyAuditTrails(db: Database, scope: { requestId?: string }): Promise<TrailReport> {
  const breaks: TrailBreak[] = [];
  let chainsChecked = 0;
  let entriesChecked = 0;
  let current: { requestId: string; head: string | null; walker: ReturnType<typeof chainWalker> } | undefined;
  const finish = () => {
    if (!current) return;
    chainsChecked += 1;
    const found = current.walker.end(current.head);
    if (found) breaks.push({ chain: `request ${current.requestId}`, ...found });
  };
  let after: { requestId: string; id: number } | undefined;
  for (;;) {
    const batch = await db
      .select({ event: requestEvents, head: requests.auditHead })
      .from(requestEvents)
      .innerJoin(requests, eq(requests.id, requestEvents.requestId))
      .where(
        and(
          scope.requestId ? eq(requestEvents.requestId, scope.requestId) : undefined,
          after
            ? or(
                gt(requestEvents.requestId, after.requestId),
                and(eq(requestEvents.requestId, after.requestId), gt(requestEvents.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(requestEvents.requestId), asc(requestEvents.id))
      .limit(batchSize);
    for (const { event, head } of batch) {
      if (current?.requestId !== event.requestId) {
        finish();
        current = { requestId: event.requestId, head, walker: chainWalker() };
      }
      current.walker.next(event);
      entriesChecked += 1;
    }
    const last = batch.at(-1)?.event;
    if (!last || batch.length < batchSize) break;
    after = { requestId: last.requestId, id: last.id };
  }
  finish();
  if (!scope.requestId) {
    const general = await verifyGeneralTrail(db);
    chainsChecked += 1;
    entriesChecked += general.entries;
    if (general.break) breaks.push({ chain: generalChain, ...general.break });
  }
  const intact = breaks.length === 0;
  const summary = intact
    ? `Intact: ${entriesChecked} entries in ${chainsChecked} chains match their hashes.`
    : [
        `Broken: ${breaks.length} of ${chainsChecked} chains do not match (${entriesChecked} entries checked).`,
        ...breaks.map((found) => `  ${found.chain}: event ${found.eventId}: ${found.reason}`),
      ].join("\n");
  return { intact, chainsChecked, entriesChecked, breaks, summary };
}

async function verifyGeneralTrail(db: Database): Promise<{ entries: number; break?: ChainBreak }> {
  const [head] = await db
    .select({ hash: auditChainHeads.hash })
    .from(auditChainHeads)
    .where(eq(auditChainHeads.chain, generalChain));
  const walker = chainWalker();
  let entries = 0;
  let after = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, after))
      .orderBy(asc(auditEvents.id))
      .limit(batchSize);
    for (const entry of batch) walker.next(entry);
    entries += batch.length;
    const last = batch.at(-1);
    if (!last || batch.length < batchSize) break;
    after = last.id;
  }
  const found = walker.end(head?.hash ?? null);
  return { entries, ...(found ? { break: found } : {}) };
}
