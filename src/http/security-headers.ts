import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "./router.js";

/**
 * The headers every answer carries (hono's secure-headers middleware): no framing by other sites, no sniffing of
 * types, no referrer (page addresses can hold a verification or package token), HSTS when we are served over HTTPS,
 * and a Content-Security-Policy that allows only our own stylesheet and forms: no inline script or style anywhere.
 * The API reference at `/docs` runs our copy of its script, which styles the page as it draws it: its policy allows
 * scripts from us and inline style, and nothing from elsewhere.
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
  const docs = secureHeaders({
    ...common,
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      connectSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      fontSrc: ["'self'", "data:"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  });
  return (c, next) => (c.req.path === "/docs" ? docs(c, next) : pages(c, next));
}
