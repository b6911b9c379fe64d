import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The frame of every public page: plain, readable, no scripts, styled by `/assets/site.css` (no inline style). */
export function page(title: string, companyName: string, body: Content) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · ${companyName}</title>
    <link rel="stylesheet" href="/assets/site.css" />
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
