import type { z } from "@hono/zod-openapi";
import type { AppContext } from "../../context.js";
import type { Actor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { maxDocumentBytes } from "../documents/file-agent-document.js";
import { submitRequest } from "../intake/submit-request.js";
import type { staffIntakeBody } from "./schemas.js";

/**
 * Records a request that reached the company by post, phone or the privacy mailbox. It is opened like any other,
 * but its clocks run from when it truly arrived, and the trail names who typed it in and when.
 */
export async function recordRequest({
  ctx,
  actor,
  input,
  idempotencyKey,
}: {
  ctx: AppContext;
  actor: Actor;
  input: z.infer<typeof staffIntakeBody>;
  idempotencyKey?: string | undefined;
}) {
  const enteredAt = ctx.now();
  const receivedAt = new Date(input.receivedAt);
  if (receivedAt > enteredAt) {
    throw new DomainError("validation", "A request cannot arrive in the future.", [
      { field: "receivedAt", message: "must not be in the future" },
    ]);
  }
  const scan = input.scan
    ? { mediaType: input.scan.mediaType, content: new Uint8Array(Buffer.from(input.scan.contentBase64, "base64")) }
    : undefined;
  if (scan && (scan.content.byteLength === 0 || scan.content.byteLength > maxDocumentBytes)) {
    throw new DomainError("validation", "The scan must hold between 1 byte and 5 MiB.", [
      { field: "scan.contentBase64", message: "must decode to between 1 byte and 5 MiB" },
    ]);
  }
  return submitRequest({
    ctx,
    input: input.request,
    channel: input.channel,
    idempotencyKey,
    recordedBy: { actor, receivedAt, enteredAt, note: input.note, scan },
  });
}
