import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { problem } from "./problem.js";

/**
 * Refuses a body over `maxBytes` with a 413 that also closes the connection: the rest of the body may still be on its
 * way, and a proxy that sent the next request on the same connection would otherwise see it cut off.
 */
export function limitBody(maxBytes: number, what = "The body"): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      c.header("Connection", "close");
      return problem(c, 413, `${what} may be at most ${maxBytes.toLocaleString("en-US")} bytes.`);
    },
  });
}
