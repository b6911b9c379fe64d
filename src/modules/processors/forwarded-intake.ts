import { z } from "@hono/zod-openapi";
import type { AppContext } from "../../context.js";
import { endOfDay } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { requestKinds } from "../../domain/vocabulary.js";
import { line } from "../../http/shared-schemas.js";
import { intakeBody } from "../intake/schemas.js";
import { submitRequest } from "../intake/submit-request.js";
import { extensionKey, openDsrVersion } from "../routing/opendsr.js";
import { processorName } from "./registry.js";

/**
 * A request a processor forwards to us as its controller: OpenDSR 2.0's request object, as a Rightsdesk routing
 * to its controller sends it (the subject's name, the kind and the jurisdiction under `extensions.rightsdesk`), or
 * as another OpenDSR processor sends it, with an e-mail identity at least.
 */
export const forwardedRequest = z
  .object({
    subject_request_id: line(200),
    subject_request_type: z.enum(["access", "portability", "erasure"]).optional(),
    submitted_time: line(40).optional(),
    subject_identities: z
      .array(
        z.object({
          identity_type: line(100),
          identity_value: line(500),
          identity_format: line(20).optional(),
        }),
      )
      .min(1)
      .max(20),
    api_version: line(10).optional(),
    extensions: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi("ForwardedRequest");
export type ForwardedRequest = z.infer<typeof forwardedRequest>;

const ours = z
  .object({
    kind: z.enum(requestKinds),
    jurisdiction: z.string(),
    trackingNumber: line(40),
    subject: z.object({ name: z.string(), phone: z.string(), accountId: z.string() }).partial(),
    accessScope: z.string(),
    optOutScopes: z.array(z.string()),
    corrections: z.array(z.record(z.string(), z.unknown())),
    ageBand: z.string(),
  })
  .partial();

const kindOfType = { access: "access", portability: "portability", erasure: "deletion" } as const;

/**
 * Opens a request a processor forwarded, through the intake every request passes (clocks, verification of the
 * requester by us, its acknowledgement), on the trail as received from the processor. The processor's id for it is
 * the idempotency key, so a delivery repeated (a retry, or a replayed message) answers the first receipt and
 * opens nothing. The answer is OpenDSR's create response, with our tracking number under our extension.
 */
export async function takeForwardedRequest(ctx: AppContext, processorId: string, forwarded: ForwardedRequest) {
  const extension = ours.safeParse(forwarded.extensions?.[extensionKey] ?? {});
  const given = extension.success ? extension.data : {};
  const email = forwarded.subject_identities.find(
    (identity) => identity.identity_type === "email" && (identity.identity_format ?? "raw") === "raw",
  )?.identity_value;
  const kind = given.kind ?? (forwarded.subject_request_type && kindOfType[forwarded.subject_request_type]);
  const from = await processorName(ctx.db, processorId);
  const input = intakeBody.safeParse({
    kind,
    subject: {
      name: given.subject?.name ?? email,
      email,
      ...(given.subject?.phone ? { phone: given.subject.phone } : {}),
      ...(given.subject?.accountId ? { accountId: given.subject.accountId } : {}),
    },
    jurisdiction: given.jurisdiction ?? "other",
    ...(given.accessScope ? { accessScope: given.accessScope } : {}),
    ...(given.optOutScopes ? { optOutScopes: given.optOutScopes } : {}),
    ...(given.corrections ? { corrections: given.corrections } : {}),
    ...(given.ageBand ? { ageBand: given.ageBand } : {}),
    details:
      `Forwarded by our processor ${from}, under its reference ${forwarded.subject_request_id}` +
      `${given.trackingNumber ? ` (${given.trackingNumber})` : ""}.`,
  });
  if (!input.success) {
    throw new DomainError(
      "validation",
      "This forwarded request lacks what a request needs: a raw e-mail identity, and a type or kind.",
      input.error.issues.map((issue) => ({ field: issue.path.join(".") || "body", message: issue.message })),
    );
  }
  const { receipt } = await submitRequest({
    ctx,
    input: input.data,
    channel: "processor",
    idempotencyKey: `processor:${processorId}:${forwarded.subject_request_id}`,
    receivedFrom: { type: "processor", id: processorId },
  });
  return {
    controller_id: new URL(ctx.config.PUBLIC_BASE_URL).host,
    subject_request_id: forwarded.subject_request_id,
    received_time: receipt.receivedAt,
    expected_completion_time: endOfDay(receipt.respondBy, ctx.config.BUSINESS_TIMEZONE).toISOString(),
    api_version: openDsrVersion,
    extensions: { [extensionKey]: { trackingNumber: receipt.trackingNumber } },
  };
}
