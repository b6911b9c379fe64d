import { eq } from "drizzle-orm";
import { requests } from "../../db/schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { isAnswerPending } from "../../domain/lifecycle.js";
import { type NewRequestRow, openRequest, type RequestRow } from "../request-lifecycle/index.js";
import { type ActionResult, assertAnswerPending, type StaffCall, staffAction } from "../review/staff-action.js";
import { cancelPart } from "./instructions.js";
import { routedPartOpening, routingTargets } from "./route-parts.js";

export interface ScopeCorrection {
  /** Every controller whose processor-held data the request concerns, as the reviewer finds it. */
  controllerIds: string[];
  /** Why the keys got it wrong, for the trail. */
  reason: string;
}

/**
 * A reviewer corrects whose data a request is about, on the request as filed: a controller added gets its part,
 * routed from now as at intake; a part of a controller taken out that still waits for it is cancelled, and its
 * controller is told. On the trails of the request and of each part.
 */
export function correctScope(call: StaffCall<ScopeCorrection>) {
  const { ctx, actor, input } = call;
  return staffAction(call, async ({ tx, request, at, change }): Promise<ActionResult> => {
    if (request.controllerId) {
      throw new DomainError(
        "invalid_transition",
        "This is a routed part: correct the scope on the request it was split from.",
      );
    }
    assertAnswerPending(request);
    const parts = await tx.select().from(requests).where(eq(requests.routedFrom, request.id));
    const wanted = new Set(input.controllerIds);
    // A part cancelled before may be routed again; one still open or answered stands.
    const added = [...wanted].filter(
      (id) => !parts.some((part) => part.controllerId === id && part.status !== "withdrawn"),
    );
    const cancelled = parts.filter(
      (part) => part.status === "awaiting_controller" && !wanted.has(part.controllerId ?? ""),
    );
    const stillRouted = parts.filter(
      (part) => part.controllerId && !wanted.has(part.controllerId) && isOpen(part) && !cancelled.includes(part),
    );
    if (stillRouted.length > 0) {
      throw new DomainError("conflict", "A controller taken out has already given its instructions.", [
        { field: "controllerIds", message: `keep ${stillRouted.map((part) => part.controllerId).join(", ")}` },
      ]);
    }
    const targets = await routingTargets(tx, {
      ours: true,
      controllers: added.map((controllerId) => ({ controllerId, matchedBy: [] })),
      basis: input.reason,
    });
    const unknown = added.filter((id) => !targets.some((target) => target.id === id));
    if (unknown.length > 0) {
      throw new DomainError("validation", "No enabled controller has some of these ids.", [
        { field: "controllerIds", message: `no enabled controller ${unknown.join(", ")}` },
      ]);
    }
    if (added.length === 0 && cancelled.length === 0) {
      throw new DomainError("validation", "That is the scope it has already.", [
        { field: "controllerIds", message: "changes nothing" },
      ]);
    }
    const version = await change({
      action: "scope_corrected",
      data: { added, cancelled: cancelled.map((part) => part.id), reason: input.reason },
    });
    const filed = { ...asFiled(request), receivedAt: at };
    for (const target of targets) {
      await openRequest(tx, routedPartOpening(ctx.config, filed, target, actor, { correctedBy: "reviewer" }));
    }
    for (const part of cancelled)
      await cancelPart(tx, part.id, actor, at, `Not this controller's data: ${input.reason}`);
    return { id: request.id, status: request.status, version };
  });
}

const isOpen = (part: RequestRow) => isAnswerPending(part.status);

/** The request as it was filed, without what review has done to it since, to split a part from. */
function asFiled(row: RequestRow): NewRequestRow {
  const {
    status: _status,
    version: _version,
    auditHead: _auditHead,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    assigneeId: _assignee,
    extendedAt: _extended,
    duplicateOf: _duplicate,
    outcome: _outcome,
    denialGround: _ground,
    decisionExplanation: _explanation,
    decidedBy: _decidedBy,
    decidedAt: _decidedAt,
    appealBy: _appealBy,
    correctionReview: _review,
    closedUnverifiedAt: _closed,
    purgedAt: _purged,
    ...filed
  } = row;
  return filed;
}
