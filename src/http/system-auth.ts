import type { MiddlewareHandler } from "hono";
import { DomainError } from "../domain/errors.js";
import { authenticateController } from "../modules/controllers/controller-tokens.js";
import { authenticateSystem } from "../modules/data-systems/system-tokens.js";
import type { AppEnv } from "./router.js";

export type SystemEnv = AppEnv & { Variables: { systemId: string } };

export const bearerOf = (header: string | undefined) => /^Bearer (\S+)$/i.exec(header ?? "")?.[1];

/**
 * Lets through only a data system with a live token of its own, which becomes the actor of what follows. Everything
 * a system reaches is then filtered by its id: another system's task is not found.
 */
export function requireDataSystem(): MiddlewareHandler<SystemEnv> {
  return async (c, next) => {
    const ctx = c.get("ctx");
    const bearer = bearerOf(c.req.header("authorization"));
    const systemId = bearer ? await authenticateSystem(ctx.db, bearer, ctx.now()) : undefined;
    if (!systemId) {
      c.header("WWW-Authenticate", 'Bearer realm="rightsdesk data systems"');
      throw new DomainError("unauthorized", "A valid data system token is required.");
    }
    c.set("systemId", systemId);
    await next();
  };
}

export type ControllerEnv = AppEnv & { Variables: { controllerId: string } };

/**
 * Lets through only a controller with a live token of its own, which becomes the actor of what follows. Everything
 * it reaches is filtered by its id: another controller's request is not found, nor is anything else.
 */
export function requireController(): MiddlewareHandler<ControllerEnv> {
  return async (c, next) => {
    const ctx = c.get("ctx");
    const bearer = bearerOf(c.req.header("authorization"));
    const controllerId = bearer ? await authenticateController(ctx.db, bearer, ctx.now()) : undefined;
    if (!controllerId) {
      c.header("WWW-Authenticate", 'Bearer realm="rightsdesk controllers"');
      throw new DomainError("unauthorized", "A valid controller token is required.");
    }
    c.set("controllerId", controllerId);
    await next();
  };
}
