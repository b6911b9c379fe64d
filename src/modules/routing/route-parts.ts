import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import type { ResolvedConfig } from "../../context.js";
import type { Executor } from "../../db/index.js";
import { controllers } from "../../db/schema/index.js";
import { type Actor, systemJob } from "../../domain/actor.js";
import { receiptDate } from "../../domain/calendar.js";
import { routedClocks } from "../../domain/routing.js";
import type { ControllerMatch, Scope } from "../../domain/scope.js";
import { newTrackingNumber } from "../intake/tracking-number.js";
import { controllerEventInsert } from "../outbox/enqueue.js";
import type { NewRequestRow, Opening, RequestMessage } from "../request-lifecycle/index.js";

export type RoutingTarget = typeof controllers.$inferSelect & { matchedBy: ControllerMatch["matchedBy"] };

/** The enabled controllers a scope names, by legal name, each with the keys it matched by. */
export async function routingTargets(db: Executor, scope: Scope): Promise<RoutingTarget[]> {
  if (scope.controllers.length === 0) return [];
  const rows = await db
    .select()
    .from(controllers)
    .where(
      inArray(
        controllers.id,
        scope.controllers.map((match) => match.controllerId),
      ),
    );
  return rows
    .filter((row) => row.enabled)
    .map((row) => ({
      ...row,
      matchedBy: scope.controllers.find((match) => match.controllerId === row.id)?.matchedBy ?? [],
    }))
    .sort((a, b) => a.legalName.localeCompare(b.legalName));
}

/** Where a controller reads a routed part and gives its instructions. */
export const controllerApiUrl = (config: Pick<ResolvedConfig, "PUBLIC_BASE_URL">, partId: string) =>
  new URL(`/v1/controller/requests/${partId}`, config.PUBLIC_BASE_URL).toString();

/**
 * A controller's part of a request, to open with it through the request door: a request of its own, with its own
 * tracking number, linked to the one filed, straight to `awaiting_controller`. Its clock is the contract's forwarding
 * deadline, not our promise to the requester (see `routedClocks`); it is not verified by us, since the controller
 * decides. It owes the subject the notice that the controller will answer, each of the controller's contacts the
 * request, and its webhook (if it has one) the signed request; the first of those delivered forwards it.
 */
export function routedPartOpening(
  config: Pick<ResolvedConfig, "BUSINESS_TIMEZONE" | "PUBLIC_BASE_URL">,
  filed: NewRequestRow,
  target: RoutingTarget,
  actor: Actor,
  occasion: Record<string, unknown> = {},
): Opening {
  const id = randomUUID();
  const receivedAt = filed.receivedAt;
  const { forwardBy, clocks } = routedClocks(
    receiptDate(receivedAt, config.BUSINESS_TIMEZONE),
    target.forwardingBusinessDays,
    target.legalName,
    filed.clocks,
  );
  const answerBy = clocks[1]?.dueOn ?? forwardBy;
  const apiUrl = controllerApiUrl(config, id);
  const notices: RequestMessage[] = target.contacts.map((contact) => ({
    template: "controller_notice",
    key: `controller_notice:${contact.email.toLowerCase()}`,
    to: contact,
    payload: {
      controllerName: target.legalName,
      kind: filed.kind,
      jurisdiction: filed.jurisdiction,
      receivedAt: receivedAt.toISOString(),
      answerBy,
      apiUrl,
    },
  }));
  return {
    request: {
      ...filed,
      id,
      trackingNumber: newTrackingNumber(),
      controllerId: target.id,
      routedFrom: filed.id,
      forwardBy,
      respondBy: forwardBy,
      extensionNoticeBy: null,
      clocks,
      verificationBasis:
        "The controller verifies the requester and decides; we act only on its instructions " +
        "(Cal. Civ. Code §1798.105(c)(3); GDPR Art. 28(3)(e))",
    },
    actor,
    received: {
      channel: filed.channel,
      kind: filed.kind,
      jurisdiction: filed.jurisdiction,
      routedFrom: filed.trackingNumber,
      controller: target.id,
      ...occasion,
    },
    firstMove: {
      to: "awaiting_controller",
      action: "routed_to_controller",
      actor: systemJob("routing"),
      data: { controller: target.id, matchedBy: target.matchedBy, forwardBy, basis: clocks[0]?.basis },
    },
    messages: [
      {
        template: "routed_to_controller",
        key: "routed_to_controller",
        // The subject's own address: only they learn whose customer they are, not whoever filed in their name.
        to: { email: filed.subjectEmail, name: filed.subjectName },
        payload: {
          filedTrackingNumber: filed.trackingNumber,
          kind: filed.kind,
          ...(target.mayBeNamed
            ? { controllerName: target.legalName, controllerContacts: target.contacts.map((c) => c.email) }
            : {}),
          controllerDescription: target.describedAs,
          forwardBy,
        },
      },
      ...notices,
    ],
    alsoWrite: target.webhookUrl
      ? [
          controllerEventInsert({
            requestId: id,
            event: "routed",
            occasion: "1",
            webhookUrl: target.webhookUrl,
            dueAt: receivedAt,
          }),
        ]
      : [],
  };
}
