import type { MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import type { AppEnv } from "./router.js";

/** Refuses a form posted from another origin than `PUBLIC_BASE_URL`'s (hono's check of Origin and Sec-Fetch-Site). */
export const fromOwnOrigin: MiddlewareHandler<AppEnv> = csrf({
  origin: (origin, c) => origin === new URL(c.get("ctx").config.PUBLIC_BASE_URL).origin,
});
