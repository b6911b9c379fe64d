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
  "/complaint",
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
    // The API reference runs its own script, ours, with a policy of its own.
    const docs = await app.request("/docs");
    const docsPolicy = docs.headers.get("content-security-policy") ?? "";
    expect(docsPolicy).toContain("script-src 'self'");
    expect(docsPolicy).not.toMatch(/https?:/);
    // The reference works offline: its script is ours, from the npm package, not a CDN's.
    const reference = await docs.text();
    expect(reference).toContain('<script src="/assets/api-reference.js"></script>');
    expect(reference).not.toMatch(/<script>|https:\/\//);
    const script = await app.request("/assets/api-reference.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toContain("text/javascript");
    expect((await script.text()).length).toBeGreaterThan(1_000_000);
    expect(docs.headers.get("x-frame-options")).toBe("DENY");
  });
});
