import { eq } from "drizzle-orm";
import { requests } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import type { RequestWork } from "../request-lifecycle/index.js";
import { cancelPart, oweStatusEvent, waitingPartsOf } from "../routing/instructions.js";
import { type ActionResult, type StaffCall, staffAction } from "./staff-action.js";

/** Withdraws a request (or a routed part of one) at the requester's wish, recorded with how they said so, and confirms it to them. */
export function withdrawRequest(call: StaffCall<{ note: string }>) {
  return staffAction(call, (work) => withdraw(work, call.actor, call.input.note));
}

/**
 * The withdrawal itself, whoever records it: the team, from what the requester told them, or the requester on the
 * status page. The requester is sent a confirmation either way.
 */
export async function withdraw(work: RequestWork, actor: Actor, note: string): Promise<ActionResult> {
  const { request, change, owe } = work;
  const version = await change({ action: "withdrawn", to: "withdrawn", data: { note } });
  await owe({ template: "withdrawal_confirmed", key: "withdrawal_confirmed", payload: {} });
  // A routed part's controller hears that it is cancelled; withdrawn as filed, its waiting parts go with it.
  if (request.controllerId) await oweStatusEvent(work.tx, work, version);
  for (const part of await waitingPartsOf(work.tx, request.id)) {
    await cancelPart(work.tx, part, actor, work.at, "The requester withdrew the request.");
  }
  return { id: request.id, status: "withdrawn", version };
}

/**
 * Closes a repeat of an earlier request from the same subject, which answers both, and tells the requester which
 * tracking number to follow. The original must not itself be a repeat, so a chain always ends at one request.
 */
export function markDuplicate(call: StaffCall<{ originalId: string }>) {
  return staffAction(call, async ({ tx, request, change, owe }): Promise<ActionResult> => {
    const [original] = await tx
      .select({
        id: requests.id,
        trackingNumber: requests.trackingNumber,
        subjectEmail: requests.subjectEmail,
        status: requests.status,
      })
      .from(requests)
      .where(eq(requests.id, call.input.originalId));
    const usable =
      original &&
      original.id !== request.id &&
      original.subjectEmail === request.subjectEmail &&
      original.status !== "duplicate";
    if (!usable) {
      throw new DomainError(
        "validation",
        "The original must be another request of the same subject that is not itself a duplicate.",
        [{ field: "originalId", message: "is not another request of this subject" }],
      );
    }
    const version = await change({ action: "marked_duplicate", to: "duplicate", set: { duplicateOf: original.id } });
    await owe({
      template: "duplicate_closed",
      key: "duplicate_closed",
      payload: { originalTrackingNumber: original.trackingNumber },
    });
    return { id: request.id, status: "duplicate", version };
  });
}
