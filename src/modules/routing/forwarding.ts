import type { AppContext } from "../../context.js";
import { type Actor, systemJob } from "../../domain/actor.js";
import { isDayOver } from "../../domain/calendar.js";
import { dueAfterForwarding } from "../../domain/routing.js";
import { onRequest } from "../request-lifecycle/index.js";

type WorkContext = Pick<AppContext, "db" | "config" | "now">;

/**
 * A routed part reached its controller (its webhook took it, or its notice went to a contact): our forwarding
 * clock is met, and what it is due by now is the controller's answer, for which we carry out its instructions.
 * Only the first delivery counts; a part that moved on meanwhile is left as it is.
 */
export async function markForwarded(ctx: WorkContext, requestId: string, via: "webhook" | "mail"): Promise<void> {
  await onRequest(
    ctx.db,
    { requestId, actor: systemJob("dispatch"), at: ctx.now(), ifMissing: () => undefined },
    async ({ request, at, change }) => {
      if (!request.controllerId || request.forwardedAt || !request.forwardBy) return;
      const due = dueAfterForwarding(request.clocks, request.forwardBy);
      await change({
        action: "forwarded_to_controller",
        set: { forwardedAt: at, ...(request.status === "awaiting_controller" ? { respondBy: due.dueOn } : {}) },
        data: {
          via,
          controller: request.controllerId,
          late: isDayOver(request.forwardBy, at, ctx.config.BUSINESS_TIMEZONE),
        },
      });
    },
  );
}

/**
 * The controller has the routed part, under its own reference if it gives one: by its API, or by the answer its
 * webhook gave. Said again, it changes nothing.
 */
export async function acknowledgePart(
  ctx: WorkContext,
  call: { requestId: string; controllerId: string; reference?: string | undefined; actor?: Actor },
): Promise<{ acknowledgedAt: Date; reference: string | null }> {
  const actor: Actor = call.actor ?? { type: "controller", id: call.controllerId };
  return onRequest(ctx.db, { requestId: call.requestId, actor, at: ctx.now() }, async ({ request, at, change }) => {
    if (request.controllerAcknowledgedAt) {
      return { acknowledgedAt: request.controllerAcknowledgedAt, reference: request.controllerReference };
    }
    await change({
      action: "controller_acknowledged",
      set: { controllerAcknowledgedAt: at, ...(call.reference ? { controllerReference: call.reference } : {}) },
    });
    return { acknowledgedAt: at, reference: call.reference ?? null };
  });
}
