import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../context.js";
import { controllers, requests } from "../../db/schema/index.js";
import { systemJob } from "../../domain/actor.js";
import { line } from "../../http/shared-schemas.js";
import { signedHeaders, unsealWebhookSecret } from "../../security/webhook-signatures.js";
import type { ControllerEvent } from "../outbox/enqueue.js";
import { onRequest } from "../request-lifecycle/index.js";
import { acknowledgePart, markForwarded } from "./forwarding.js";
import { extensionKey, partStatusBody, routedRequestBody } from "./opendsr.js";

type WorkContext = Pick<AppContext, "db" | "config" | "now">;

/** How long a controller's endpoint has to take an event: well inside the outbox's send lease. */
const webhookTimeoutMs = 10_000;
/** The most of a webhook's answer read for an acknowledgement; the rest is not wanted. */
const answerLimitBytes = 64 * 1024;

/**
 * An answer that acknowledges the routed request, as OpenDSR's create response does (it names our
 * `subject_request_id` and when it was received); a Rightsdesk taking it as intake adds its own tracking number.
 */
const acknowledgement = z.object({
  subject_request_id: z.string(),
  received_time: z.string(),
  extensions: z
    // Kept as the part's reference: text the database can hold, as any field we accept.
    .object({ [extensionKey]: z.object({ trackingNumber: line(200) }).partial() })
    .partial()
    .optional(),
});

/**
 * Posts an event about a routed part to its controller's webhook, signed with its current secret under the outbox
 * message's key as `webhook-id`, the body built now (OpenDSR's request when routed, its status callback after). Any
 * answer but 2xx is a failure for the outbox to retry. A routed request taken forwards the part, and an answer in
 * OpenDSR's create-response shape acknowledges it too.
 */
export async function postControllerEvent(
  ctx: WorkContext,
  requestId: string,
  event: ControllerEvent,
  messageId: string,
): Promise<void> {
  const [found] = await ctx.db
    .select({ part: requests, controller: controllers })
    .from(requests)
    .innerJoin(controllers, eq(controllers.id, requests.controllerId))
    .where(eq(requests.id, requestId));
  const webhookUrl = found?.controller.webhookUrl;
  const sealedSecret = found?.controller.webhookSecretSealed;
  if (!found || !webhookUrl || !sealedSecret) return;
  const { part, controller } = found;
  // A part withdrawn before it went out need not go: its cancellation follows as a status event.
  if (event === "routed" && part.status !== "awaiting_controller") return;
  const at = ctx.now();
  const body = JSON.stringify(
    event === "routed"
      ? routedRequestBody(part, ctx.config)
      : await partStatusBody(ctx.db, part, controller, ctx.config),
  );
  const secret = unsealWebhookSecret(ctx.config.TOKEN_SECRET, sealedSecret);
  const response = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...signedHeaders(secret, messageId, at, body) },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(webhookTimeoutMs),
  });
  const answer = await readAnswer(response);
  if (!response.ok) throw new Error(`the controller answered HTTP ${response.status}`);
  if (event !== "routed") return;
  await markForwarded(ctx, requestId, "webhook");
  const acknowledged = acknowledgementIn(answer, part.id);
  if (acknowledged) {
    await acknowledgePart(ctx, {
      requestId,
      controllerId: controller.id,
      ...(acknowledged.reference ? { reference: acknowledged.reference } : {}),
    });
  }
}

async function readAnswer(response: Response): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= answerLimitBytes) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString("utf8");
}

function acknowledgementIn(answer: string, partId: string): { reference?: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return undefined;
  }
  const ack = acknowledgement.safeParse(parsed);
  if (!ack.success || ack.data.subject_request_id !== partId) return undefined;
  const reference = ack.data.extensions?.[extensionKey]?.trackingNumber;
  return reference ? { reference } : {};
}

/**
 * The outbox gave up on a controller's webhook: on the part's trail, for the privacy team. The notice to its
 * contacts went by e-mail all the same, so a routed part is still forwarded.
 */
export async function controllerUnreachable(ctx: WorkContext, requestId: string, event: string, error: string) {
  await onRequest(
    ctx.db,
    { requestId, actor: systemJob("dispatch"), at: ctx.now(), ifMissing: () => undefined },
    async ({ change }) => {
      await change({ action: "controller_unreachable", data: { event, error } });
    },
  );
}
