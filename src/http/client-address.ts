import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AppEnv } from "./router.js";

/**
 * The client's address. Behind `TRUST_PROXY` proxies, each of which appends the address it received the request
 * from to X-Forwarded-For, it is the entry the outermost proxy added: counted from the right, so entries a client
 * writes itself (on the left) are never believed. Without proxies, the socket's peer.
 */
export function clientIp(c: Context<AppEnv>): string {
  const hops = c.get("ctx").config.TRUST_PROXY;
  if (hops > 0) {
    const forwarded = (c.req.header("x-forwarded-for") ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "");
    const seen = forwarded[forwarded.length - hops];
    if (seen) return seen;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // Not served by the Node adapter (tests calling app.request, Workers without the header).
    return c.req.header("cf-connecting-ip") ?? "unknown";
  }
}
