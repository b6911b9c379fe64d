import type { Context } from "hono";
import { clientIp } from "../../http/client-address.js";
import type { AppEnv } from "../../http/router.js";
import type { Limit } from "../rate-limits/hit-rate-limit.js";

/** Verification attempts from one address, by code (API) or by link (page) alike: one count for both. */
export function verificationAttemptsPerAddress(c: Context<AppEnv>): Limit {
  return {
    key: `verify:ip:${clientIp(c)}`,
    limit: c.get("ctx").config.RATE_LIMIT_VERIFY_PER_IP_HOUR,
    windowSeconds: 3600,
  };
}
