import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { requests } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { applyChange } from "../requests/move-request.js";
import { mailFiler } from "../requests/request-mail.js";
import { type ActionResult, onRequest, type StaffActionInput } from "./staff-action.js";

/** Withdraws a request at the requester's wish, recorded with how they said so, and confirms it to them. */
export function withdrawRequest({
  ctx,
  actor,
  input,
}: {
  ctx: AppContext;
  actor: Actor;
  input: StaffActionInput & { note: string };
}) {
  return onRequest(ctx, actor, input, async ({ tx, request, at }): Promise<ActionResult> => {
    const version = await applyChange(tx, request, {
      requestId: request.id,
      actor,
      at,
      action: "withdrawn",
      to: "withdrawn",
      data: { note: input.note },
    });
    await mailFiler(tx, request, { template: "withdrawal_confirmed", key: "withdrawal_confirmed", at, payload: {} });
    return { id: request.id, status: "withdrawn", version };
  });
}

/**
 * Closes a repeat of an earlier request from the same subject, which answers both, and tells the requester which
 * tracking number to follow. The original must not itself be a repeat, so a chain always ends at one request.
 */
export function markDuplicate({
  ctx,
  actor,
  input,
}: {
  ctx: AppContext;
  actor: Actor;
  input: StaffActionInput & { originalId: string };
}) {
  return onRequest(ctx, actor, input, async ({ tx, request, at }): Promise<ActionResult> => {
    const [original] = await tx
      .select({
        id: requests.id,
        trackingNumber: requests.trackingNumber,
        subjectEmail: requests.subjectEmail,
        status: requests.status,
      })
      .from(requests)
      .where(eq(requests.id, input.originalId));
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
    const version = await applyChange(tx, request, {
      requestId: request.id,
      actor,
      at,
      action: "marked_duplicate",
      to: "duplicate",
      set: { duplicateOf: original.id },
    });
    await mailFiler(tx, request, {
      template: "duplicate_closed",
      key: "duplicate_closed",
      at,
      payload: { originalTrackingNumber: original.trackingNumber },
    });
    return { id: request.id, status: "duplicate", version };
  });
}
