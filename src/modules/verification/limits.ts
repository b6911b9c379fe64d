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

/** How often a new code may be asked for one request: once a minute, a few a day, and within the address's limit. */
export function resendLimits(c: Context<AppEnv>, requestId: string): Limit[] {
  return [
    verificationAttemptsPerAddress(c),
    { key: `resend:request:${requestId}:minute`, limit: 1, windowSeconds: 60 },
    {
      key: `resend:request:${requestId}:day`,
      limit: c.get("ctx").config.RATE_LIMIT_RESEND_PER_REQUEST_DAY,
      windowSeconds: 86_400,
    },
  ];
}
