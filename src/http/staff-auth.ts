import type { MiddlewareHandler } from "hono";
import type { Actor, StaffRole } from "../domain/actor.js";
import { DomainError } from "../domain/errors.js";
import { authenticateStaff } from "../modules/staff/staff-tokens.js";
import type { AppEnv } from "./router.js";

export type StaffEnv = AppEnv & { Variables: { actor: Actor } };

/**
 * Lets through only staff with a live bearer token and one of the roles given: no or an unknown, revoked or disabled
 * token is 401, a known token with another role is 403. The staff member becomes the actor of what follows.
 */
export function requireStaff(...roles: StaffRole[]): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const token = /^Bearer (\S+)$/i.exec(header)?.[1];
    const ctx = c.get("ctx");
    const staff = token ? await authenticateStaff(ctx.db, token, ctx.now()) : undefined;
    if (!staff) {
      c.header("WWW-Authenticate", 'Bearer realm="rightsdesk"');
      throw new DomainError("unauthorized", "A valid staff token is required.");
    }
    if (!roles.includes(staff.role)) throw new DomainError("forbidden", "Your role does not allow this.");
    c.set("actor", { type: "staff", id: staff.id, role: staff.role });
    await next();
  };
}
