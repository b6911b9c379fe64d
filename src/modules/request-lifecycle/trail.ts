import { insertJsonRows } from "../../db/json-insert.js";
import { requestEvents } from "../../db/schema/index.js";
import { type Actor, actorColumns } from "../../domain/actor.js";
import type { RequestAuditAction } from "../../domain/audit-actions.js";
import type { RequestStatus } from "../../domain/lifecycle.js";
import { chain, genesisHash } from "../audit/chain.js";

export interface RequestEvent {
  at: Date;
  actor: Actor;
  action: RequestAuditAction;
  fromStatus?: RequestStatus;
  toStatus?: RequestStatus;
  /** The rules-table versions the action applied (`Deadlines.rulesVersion`), where it applied a rule. */
  rulesVersion?: string | null;
  /** What changed and why; never secrets. */
  data?: Record<string, unknown>;
}

/**
 * The insert of a request's next events, chained after `head` (the request's recorded head; none on requests opened
 * before the trail was chained, whose chain starts afresh), and the head they leave.
 */
export function eventsAfter(requestId: string, head: string | null, events: RequestEvent[]) {
  const linked = chain(
    head ?? genesisHash,
    events.map(({ actor, ...event }) => ({
      requestId,
      at: event.at,
      ...actorColumns(actor),
      action: event.action,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      rulesVersion: event.rulesVersion ?? null,
      data: event.data ?? {},
    })),
  );
  return { write: insertJsonRows(requestEvents, linked.entries), head: linked.head };
}
