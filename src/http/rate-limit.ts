import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { hitRateLimit, type Limit } from "../modules/rate-limits/hit-rate-limit.js";
import { problem } from "./problem.js";
import type { AppEnv } from "./router.js";

/** The client's address: the first X-Forwarded-For hop behind a trusted proxy, else the socket's peer. */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get("ctx").config.TRUST_PROXY) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // Not served by the Node adapter (tests calling app.request, Workers without the header).
    return c.req.header("cf-connecting-ip") ?? "unknown";
  }
}

/**
 * Refuses a request with 429 and Retry-After when any of its limits is exhausted. Limits are counted in
 * PostgreSQL, so they hold across every process of the service.
 */
export function rateLimit(limitsOf: (c: Context<AppEnv>) => Promise<Limit[]> | Limit[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ctx = c.get("ctx");
    for (const limit of await limitsOf(c)) {
      const { retryAfterSeconds } = await hitRateLimit(ctx.db, limit, ctx.now());
      if (retryAfterSeconds !== undefined) {
        c.header("Retry-After", String(retryAfterSeconds));
        return problem(c, 429, `Too many attempts; try again in ${retryAfterSeconds} seconds.`);
      }
    }
    await next();
  };
}
