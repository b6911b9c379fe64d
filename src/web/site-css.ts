import { Hono } from "hono";
import type { AppEnv } from "../http/router.js";

/**
 * The pages' stylesheet, served by us rather than inline, so the Content-Security-Policy can refuse every inline
 * style and script (see `securityHeaders`).
 */
const siteCss = `:root { --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --accent: #1d4ed8; --accent-dark: #1e3a8a; --paper: #f8fafc; --warn: #fff4d6; --bad: #b42318; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; line-height: 1.55; color: var(--ink); background: #fff; }
header { border-bottom: 1px solid var(--line); background: var(--paper); padding: .75rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; }
header p { margin: 0; }
.brand a { font-weight: 700; color: var(--ink); text-decoration: none; font-size: 1.1rem; }
.language { margin-left: auto; }
main { max-width: 40rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
body.desk main { max-width: 72rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
a { color: var(--accent); }
a:hover { color: var(--accent-dark); }
:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input, select, textarea { width: 100%; padding: .55rem .6rem; font: inherit; border: 1px solid #9aa5b1; border-radius: 6px; background: #fff; color: var(--ink); }
input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
button { margin-top: 1.25rem; padding: .6rem 1.2rem; font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 1px solid var(--accent); border-radius: 6px; cursor: pointer; }
button:hover { background: var(--accent-dark); }
button.secondary { background: #fff; color: var(--bad); border-color: var(--bad); }
dt { font-weight: 600; } dd { margin: 0 0 .75rem 0; }
.notice { background: var(--warn); border-left: 4px solid #b7791f; padding: .75rem 1rem; border-radius: 4px; margin: 1rem 0; }
.notice p { margin: .25rem 0; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1.25rem 0 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 600; padding: 0 .25rem; }
label.choice { font-weight: 400; margin-top: .5rem; display: flex; gap: .5rem; align-items: baseline; }
label.choice input { width: auto; }
.error { color: var(--bad); margin: .25rem 0 0; font-weight: 600; }
.hint { color: var(--muted); margin: .25rem 0; }
.trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.lead { font-size: 1.1rem; }
.cards { list-style: none; padding: 0; display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); }
.card a { display: block; height: 100%; padding: 1rem; border: 1px solid var(--line); border-radius: 8px; text-decoration: none; color: var(--ink); background: var(--paper); }
.card a:hover { border-color: var(--accent); }
.card strong { display: block; color: var(--accent-dark); margin-bottom: .25rem; }
.timeline { padding-left: 1.25rem; }
.timeline li { margin: .35rem 0; }
.when { color: var(--muted); display: block; font-size: .9rem; }
footer { border-top: 1px solid var(--line); color: var(--muted); padding: 1rem; text-align: center; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0; }
nav { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; flex: 1; }
nav a[aria-current="page"] { font-weight: 700; color: var(--ink); }
form.signout button, form.inline button { margin-top: 0; padding: .3rem .7rem; }
form.signout { margin-left: auto; }
form.inline { display: flex; gap: .5rem; align-items: center; }
form.inline select { width: auto; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .95rem; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--paper); }
caption { text-align: left; color: var(--muted); padding: .25rem 0; }
.badge { display: inline-block; font-size: .8rem; font-weight: 600; padding: .05rem .45rem; border-radius: 999px; background: #e4e7eb; color: var(--ink); }
.badge.overdue { background: var(--bad); color: #fff; }
.badge.soon { background: #fde68a; color: #5c3d00; }
.buckets { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .75rem; }
.buckets a { display: block; padding: .5rem .9rem; border: 1px solid var(--line); border-radius: 8px; text-decoration: none; background: var(--paper); }
.buckets strong { font-size: 1.2rem; margin-right: .25rem; }
.filters { display: grid; gap: 0 1rem; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); align-items: end; }
.filters .search { grid-column: 1 / -1; }
.filters a { margin-left: .75rem; }
dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .35rem 1.25rem; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
details.action { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; padding: .5rem 1rem; }
details.action summary { cursor: pointer; font-weight: 600; color: var(--accent-dark); }
details.action[open] { background: var(--paper); }
@media (max-width: 40rem) { table { display: block; overflow-x: auto; } td { overflow-wrap: anywhere; } table.queue thead { display: none; } table.queue td { display: block; border: none; padding: .2rem .5rem; } table.queue tr { display: block; border-bottom: 1px solid var(--line); padding: .5rem 0; } }
`;

export const sitePages = new Hono<AppEnv>().get("/assets/site.css", (c) => {
  c.header("Cache-Control", "public, max-age=3600");
  return c.body(siteCss, 200, { "Content-Type": "text/css; charset=utf-8" });
});
