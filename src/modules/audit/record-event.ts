import type { Executor } from "../../db/index.js";
import { requestEvents } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import type { RequestStatus } from "../../domain/lifecycle.js";

export interface RequestEvent {
  requestId: string;
  at: Date;
  actor: Actor;
  action: string;
  fromStatus?: RequestStatus;
  toStatus?: RequestStatus;
  /** The rules-table versions the action applied (`Deadlines.rulesVersion`), where it applied a rule. */
  rulesVersion?: string | null;
  /** What changed and why; never secrets. */
  data?: Record<string, unknown>;
}

/**
 * Appends to the audit trail, with the change it records: await it inside that change's transaction, or pass it
 * to `writeAtOnce` with the change. Several events go in one insert, which keeps their order in the trail.
 */
export function recordEvent(db: Executor, ...events: RequestEvent[]) {
  return db.insert(requestEvents).values(
    events.map((event) => ({
      requestId: event.requestId,
      at: event.at,
      actorType: event.actor.type,
      actorId: event.actor.id ?? null,
      action: event.action,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      rulesVersion: event.rulesVersion ?? null,
      data: event.data ?? {},
    })),
  );
}
