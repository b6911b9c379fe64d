import { z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import type { AppContext } from "../context.js";
import { DomainError } from "../domain/errors.js";
import { checkSignature } from "../security/webhook-signatures.js";
import { namesJson } from "./json-body.js";
import { problem } from "./problem.js";
import type { AppEnv } from "./router.js";

export type SignedEnv = AppEnv & { Variables: { webhookId: string } };

/**
 * Lets through only a body signed (Standard Webhooks) with the secret of the sender named by the path's `{id}`,
 * checked over the exact bytes received before anything reads them as JSON. An unknown sender and a wrong
 * signature are the same 401, so the route says nothing of who is registered. `sender` names it in the refusal.
 */
export function signedBody(
  secretOf: (ctx: AppContext, id: string) => Promise<string | undefined>,
  sender: string,
): MiddlewareHandler<SignedEnv> {
  return async (c, next) => {
    if (!namesJson(c.req.header("content-type"))) return problem(c, 415, "Send the body as application/json.");
    const ctx = c.get("ctx");
    const body = await c.req.text();
    const id = c.req.param("id") ?? "";
    const secret = z.uuid().safeParse(id).success ? await secretOf(ctx, id) : undefined;
    const check = secret
      ? checkSignature(
          secret,
          {
            id: c.req.header("webhook-id"),
            timestamp: c.req.header("webhook-timestamp"),
            signature: c.req.header("webhook-signature"),
          },
          body,
          ctx.now(),
        )
      : { ok: false as const, reason: "the signature does not match" };
    if (!check.ok) throw new DomainError("unauthorized", `Not a signed message of this ${sender}: ${check.reason}.`);
    try {
      JSON.parse(body);
    } catch {
      return problem(c, 400, "The body is not valid JSON.");
    }
    c.set("webhookId", check.id);
    await next();
  };
}
