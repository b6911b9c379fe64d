import type { Context, MiddlewareHandler } from "hono";
import { RateLimited } from "../domain/errors.js";
import { hitRateLimit, type Limit } from "../modules/rate-limits/hit-rate-limit.js";
import type { AppEnv } from "./router.js";

/**
 * Refuses a request with 429 and Retry-After when any of its limits is exhausted. Limits are counted in
 * PostgreSQL, so they hold across every process of the service.
 */
export function rateLimit(limitsOf: (c: Context<AppEnv>) => Promise<Limit[]> | Limit[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ctx = c.get("ctx");
    for (const limit of await limitsOf(c)) {
      const { retryAfterSeconds } = await hitRateLimit(ctx.db, limit, ctx.now());
      if (retryAfterSeconds !== undefined) throw new RateLimited(retryAfterSeconds);
    }
    await next();
  };
}
