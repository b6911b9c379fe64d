import type { SQLWrapper } from "drizzle-orm";
import type { Executor } from "../../db/index.js";
import { insertJsonRows } from "../../db/json-insert.js";
import { type Gate, writeAtOnce } from "../../db/one-statement.js";
import { requests } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import type { RequestAuditAction } from "../../domain/audit-actions.js";
import { assertMove, type RequestStatus } from "../../domain/lifecycle.js";
import type { Correspondent } from "../../domain/representation.js";
import { messageInsert, type RequestMessage } from "./filer.js";
import type { NewRequestRow, RequestRow } from "./request-row.js";
import { eventsAfter, type RequestEvent } from "./trail.js";

export interface Opening {
  request: NewRequestRow;
  /** Who opened it: the requester, a staff member typing in a letter, a job of the company's own. */
  actor: Actor;
  /** What the "received" event records: channel, clocks, anything the trail should show of the receipt. */
  received: Record<string, unknown>;
  /** Where it goes from "received" at once (to verification, or straight to review), checked by the lifecycle. */
  firstMove?: { to: RequestStatus; action: RequestAuditAction; actor: Actor; data?: Record<string, unknown> };
  /** The messages the opening owes, each to the filer unless it names someone else. */
  messages?: RequestMessage[];
  /** Who hears from us: the agent or parent who filed it, otherwise the subject. */
  filer?: Correspondent;
  /** Rows of other tables that belong with the opening (its verification, a scanned letter). */
  alsoWrite?: SQLWrapper[];
  /** Requests split from this one (its routed parts), opened with it or not at all. */
  parts?: Opening[];
}

/**
 * Opens a request: the row, its first events (chained from the start), the messages it owes, the rows that go with
 * it and its parts, as one statement, so a request is never stored without its trail or its acknowledgement. A gate
 * (the intake's rate limits) may refuse the statement, and then nothing of it is stored.
 */
export async function openRequest(db: Executor, opening: Opening, gate?: Gate): Promise<RequestStatus> {
  const [first, ...rest] = [opening, ...(opening.parts ?? [])].flatMap(openingWrites);
  await writeAtOnce(db, [first as SQLWrapper, ...rest], gate);
  return statusOf(opening);
}

const statusOf = (opening: Opening): RequestStatus => opening.firstMove?.to ?? "received";

function openingWrites(opening: Opening): SQLWrapper[] {
  const { request, actor } = opening;
  const status = statusOf(opening);
  const at = request.receivedAt;
  const events: RequestEvent[] = [
    {
      at,
      actor,
      action: "received",
      toStatus: "received",
      rulesVersion: request.rulesVersion ?? null,
      data: opening.received,
    },
  ];
  if (opening.firstMove) {
    assertMove("received", opening.firstMove.to);
    const { to, ...move } = opening.firstMove;
    events.push({ at, ...move, fromStatus: "received", toStatus: to });
  }
  const trail = eventsAfter(request.id, null, events);
  const stored = { ...request, status, auditHead: trail.head };
  const filer = opening.filer ?? { email: request.subjectEmail, name: request.subjectName };
  return [
    insertJsonRows(requests, [stored]),
    trail.write,
    ...(opening.messages ?? []).map((message) => messageInsert(stored as RequestRow, filer, message, at)),
    ...(opening.alsoWrite ?? []),
  ];
}
