import type { MiddlewareHandler } from "hono";
import { every } from "hono/combine";
import { limitBody } from "./body-limit.js";
import { problem } from "./problem.js";

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

/** Whether a Content-Type header names JSON (`application/json` or `application/…+json`), parameters aside. */
export const namesJson = (contentType: string | undefined) =>
  jsonMediaType.test((contentType ?? "").split(";")[0]?.trim() ?? "");

/**
 * Guards a JSON endpoint before schema validation, so each kind of bad input gets its own status:
 * too large 413, not JSON by content type 415, not parseable 400. The parsed body is cached for the validator.
 */
export function jsonBody(maxBytes: number): MiddlewareHandler {
  return every(
    async (c, next) => {
      if (!namesJson(c.req.header("content-type"))) return problem(c, 415, "Send the body as application/json.");
      await next();
    },
    limitBody(maxBytes),
    async (c, next) => {
      try {
        await c.req.json();
      } catch {
        return problem(c, 400, "The body is not valid JSON.");
      }
      await next();
    },
  );
}
