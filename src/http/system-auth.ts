import type { MiddlewareHandler } from "hono";
import { DomainError } from "../domain/errors.js";
import { authenticateScopedToken, type TokenOwnerKind } from "../modules/tokens/scoped-tokens.js";
import type { AppEnv } from "./router.js";

export type SystemEnv = AppEnv & { Variables: { systemId: string } };
export type ControllerEnv = AppEnv & { Variables: { controllerId: string } };

export const bearerOf = (header: string | undefined) => /^Bearer (\S+)$/i.exec(header ?? "")?.[1];

/**
 * Lets through only the holder of a live token of its kind, whose id becomes the actor of what follows (in
 * `variable`). Everything it reaches is then filtered by that id: another holder's things are not found.
 */
function requireHolder<Variable extends string>(
  owner: TokenOwnerKind,
  variable: Variable,
  kind: string,
): MiddlewareHandler<AppEnv & { Variables: Record<Variable, string> }> {
  return async (c, next) => {
    const ctx = c.get("ctx");
    const bearer = bearerOf(c.req.header("authorization"));
    const id = bearer ? await authenticateScopedToken(ctx.db, owner, bearer, ctx.now()) : undefined;
    if (!id) {
      c.header("WWW-Authenticate", `Bearer realm="rightsdesk ${kind}s"`);
      throw new DomainError("unauthorized", `A valid ${kind} token is required.`);
    }
    c.set(variable, id as never);
    await next();
  };
}

/** A data system with a live token of its own: another system's task is not found. */
export const requireDataSystem = (): MiddlewareHandler<SystemEnv> =>
  requireHolder("data_system", "systemId", "data system");

/** A controller with a live token of its own: another controller's request is not found, nor is anything else. */
export const requireController = (): MiddlewareHandler<ControllerEnv> =>
  requireHolder("controller", "controllerId", "controller");
