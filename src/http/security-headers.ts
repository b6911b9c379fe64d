import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./router.js";

/**
 * The headers every answer carries (hono's secure-headers middleware): no framing by other sites, no sniffing of
 * types, no referrer (page addresses can hold a verification or package token), HSTS when we are served over HTTPS,
 * and a Content-Security-Policy that allows only our own stylesheet and forms: no inline script or style anywhere.
 * The API reference at `/docs` loads its script from the reference's CDN, so it gets the rest without the policy.
 */
export function securityHeaders(publicBaseUrl: string): MiddlewareHandler<AppEnv> {
  const overTls = new URL(publicBaseUrl).protocol === "https:";
  const common = {
    referrerPolicy: "no-referrer",
    xFrameOptions: "DENY",
    strictTransportSecurity: overTls ? "max-age=31536000; includeSubDomains" : false,
    crossOriginResourcePolicy: "same-origin",
  } as const;
  const pages = secureHeaders({
    ...common,
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
  });
  const docs = secureHeaders({ ...common, crossOriginEmbedderPolicy: false });
  return (c, next) => (c.req.path === "/docs" ? docs(c, next) : pages(c, next));
}
