import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Hono } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../http/router.js";

/**
 * The API reference at `/docs`: Scalar's page, with its script served by us from the npm package rather than its CDN,
 * so the reference works on a machine with no internet and the page's policy allows scripts from us alone. The
 * configuration sits in data attributes of an element that is not a script, so no inline script runs.
 */
let script: Promise<string> | undefined;
// Read on first use: a runtime without the package's files (a Worker) still starts, and only this answer fails.
const readScript = () =>
  readFile(createRequire(import.meta.url).resolve("@scalar/api-reference/browser/standalone.js"), "utf8");

// No fonts, telemetry or AI assistant from Scalar's servers: the reference needs nothing but us.
const configuration = JSON.stringify({
  withDefaultFonts: false,
  hideClientButton: true,
  telemetry: false,
  agent: { disabled: true },
});

export const docsPages = new Hono<AppEnv>()
  .get("/docs", (c) =>
    c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Rightsdesk API</title>
  </head>
  <body>
    <script id="api-reference" type="application/json" data-url="/openapi.json" data-configuration="${configuration}"></script>
    <script src="/assets/api-reference.js"></script>
  </body>
</html>`),
  )
  .get("/assets/api-reference.js", async (c) => {
    script ??= readScript();
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(await script, 200, { "Content-Type": "text/javascript; charset=utf-8" });
  });
