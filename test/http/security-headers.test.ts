import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createHarness, type Harness } from "../support/harness.js";

/** The headers every answer carries, and pages that a policy refusing all inline style and script leaves intact. */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const pages = [
  "/",
  "/privacy/request",
  "/status",
  "/appeal",
  "/verify",
  "/verify/not-a-token",
  "/staff/login",
  "/staff/setup?token=1.x",
];

describe("security headers", () => {
  it("refuse framing, sniffing, referrers and anything inline on every page, which holds none", async () => {
    for (const path of pages) {
      const res = await h.app.request(path);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("default-src 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("strict-transport-security")).toBeNull();
      const body = await res.text();
      expect(body, path).not.toMatch(/<style|style="|<script/);
      expect(body).toContain('href="/assets/site.css"');
    }
    const css = await h.app.request("/assets/site.css");
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(await css.text()).toContain(".error");
  });

  it("add HSTS when the service is served over HTTPS", async () => {
    const app = createApp({ ...h.ctx, config: { ...h.ctx.config, PUBLIC_BASE_URL: "https://privacy.example.com" } });
    expect((await app.request("/privacy/request")).headers.get("strict-transport-security")).toContain("max-age=");
    // The API reference loads its script from elsewhere: it keeps the other headers, without the policy.
    const docs = await app.request("/docs");
    expect(docs.headers.get("content-security-policy")).toBeNull();
    expect(docs.headers.get("x-frame-options")).toBe("DENY");
  });
});
