import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { StaffActor, StaffRole } from "../domain/actor.js";
import { DomainError } from "../domain/errors.js";
import { isCsrfTokenFor, sessionStaff } from "../modules/staff/staff-sessions.js";
import { authenticateStaff } from "../modules/staff/staff-tokens.js";
import { tokenPrefixes } from "../modules/tokens/scoped-tokens.js";
import { readForm } from "./form-body.js";
import type { AppEnv } from "./router.js";
import { bearerOf } from "./system-auth.js";

export type StaffEnv = AppEnv & { Variables: { actor: StaffActor; sessionToken?: string } };

export const staffSessionCookie = "rd_staff_session";
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Lets through only staff with a live bearer token (the API) or session cookie (the pages) and one of the roles
 * given: none, or an unknown, revoked, expired or disabled one, is 401; another role is 403. A change made with a
 * cookie must also carry the session's anti-forgery token (header `X-CSRF-Token` or form field `_csrf`), since a
 * browser sends the cookie with any site's request. The staff member becomes the actor of what follows.
 */
export function requireStaff(...roles: StaffRole[]): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const ctx = c.get("ctx");
    const bearer = bearerOf(c.req.header("authorization"));
    // A data system reaches its own tasks and the suppression check, and nothing else: not even that this is here.
    if (tokenPrefixes.some((prefix) => bearer?.startsWith(prefix)))
      throw new DomainError("not_found", "There is nothing at this address.");
    const session = bearer ? undefined : getCookie(c, staffSessionCookie);
    const staff = bearer
      ? await authenticateStaff(ctx.db, bearer, ctx.now())
      : session
        ? await sessionStaff(ctx.db, session, ctx.now())
        : undefined;
    if (!staff) {
      c.header("WWW-Authenticate", 'Bearer realm="rightsdesk"');
      throw new DomainError("unauthorized", "A valid staff token or session is required.");
    }
    if (session) {
      if (!safeMethods.has(c.req.method) && !isCsrfTokenFor(session, ctx.config.TOKEN_SECRET, await csrfTokenOf(c))) {
        throw new DomainError("forbidden", "This form has expired or did not come from Rightsdesk; reload the page.");
      }
      c.set("sessionToken", session);
    }
    if (!roles.includes(staff.role)) throw new DomainError("forbidden", "Your role does not allow this.");
    c.set("actor", { type: "staff", id: staff.id, role: staff.role });
    await next();
  };
}

async function csrfTokenOf(c: Context<StaffEnv>): Promise<string | undefined> {
  const header = c.req.header("x-csrf-token");
  if (header) return header;
  const type = c.req.header("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return undefined;
  return (await readForm(c))._csrf;
}
