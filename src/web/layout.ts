import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The frame of every public page: plain, readable, no scripts. */
export function page(title: string, companyName: string, body: Content) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · ${companyName}</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2933; }
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
    </style>
  </head>
  <body>
    <h1>${title}</h1>
    ${body}
    <footer><p><small>${companyName}</small></p></footer>
  </body>
</html>`;
}

/** The two fields that identify a requester's request on the public pages: its tracking number and their address. */
export function requesterFields(trackingNumber: string) {
  return html`<label for="trackingNumber">Tracking number</label>
      <input id="trackingNumber" name="trackingNumber" value="${trackingNumber}" required placeholder="RD-XXXX-XXXX" />
      <label for="email">The e-mail address you used</label>
      <input id="email" name="email" type="email" required autocomplete="email" />`;
}
