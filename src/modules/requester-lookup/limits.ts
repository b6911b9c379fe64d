import type { Context } from "hono";
import { clientIp } from "../../http/client-address.js";
import type { AppEnv } from "../../http/router.js";
import type { Limit } from "../rate-limits/hit-rate-limit.js";

/**
 * Look-ups by tracking number and e-mail address (the status page, appeals): each one tests a pair, so they are
 * limited per client address, and per tracking number from any address, so no one can try address after address
 * against one request. `scope` keeps the status page's count apart from the appeals'.
 */
export function lookupLimits(c: Context<AppEnv>, scope: "status" | "appeal", trackingNumber: unknown): Limit[] {
  const { config } = c.get("ctx");
  const tracking = typeof trackingNumber === "string" ? trackingNumber.trim().toUpperCase() : "";
  return [
    { key: `${scope}:ip:${clientIp(c)}`, limit: config.RATE_LIMIT_LOOKUP_PER_IP_HOUR, windowSeconds: 3600 },
    ...(tracking
      ? [
          {
            key: `${scope}:tracking:${tracking}`,
            limit: config.RATE_LIMIT_LOOKUP_PER_TRACKING_NUMBER_HOUR,
            windowSeconds: 3600,
          },
        ]
      : []),
  ];
}
