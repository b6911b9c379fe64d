import { Hono } from "hono";
import type { AppEnv } from "../http/router.js";

/**
 * The pages' stylesheet, served by us rather than inline, so the Content-Security-Policy can refuse every inline
 * style and script (see `securityHeaders`).
 */
const siteCss = `body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2933; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
button { margin-top: 1.5rem; padding: .6rem 1.2rem; font-size: 1rem; }
dt { font-weight: 600; } dd { margin: 0 0 .75rem 0; }
.notice { background: #fff8e1; padding: .75rem 1rem; border-radius: 4px; }
fieldset { border: 1px solid #d9e2ec; border-radius: 4px; margin: 1.25rem 0 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
select, textarea { width: 100%; padding: .5rem; font-size: 1rem; box-sizing: border-box; }
label.choice { font-weight: 400; margin-top: .5rem; display: flex; gap: .5rem; align-items: baseline; }
label.choice input { width: auto; }
.error { color: #b42318; margin: .25rem 0 0; font-weight: 600; }
.hint { color: #52606d; margin: .25rem 0; }
.trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
`;

export const sitePages = new Hono<AppEnv>().get("/assets/site.css", (c) => {
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(siteCss, 200, { "Content-Type": "text/css; charset=utf-8" });
});
