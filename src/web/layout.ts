import type { Context } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Language } from "../domain/vocabulary.js";
import type { AppEnv } from "../http/router.js";
import { isLanguage, type Translate, translator } from "../i18n/index.js";

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

interface Frame {
  language?: Language;
  /** A link to the same page in the other language, shown at the top of public pages. */
  switcher?: Content;
  /** The review desk's wider frame, with its navigation. */
  desk?: Content;
}

/** The frame of every page: plain, readable, no scripts, styled by `/assets/site.css` (no inline style). */
export function page(title: string, companyName: string, body: Content, frame: Frame = {}) {
  return html`<!doctype html>
<html lang="${frame.language ?? "en"}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · ${companyName}</title>
    <link rel="stylesheet" href="/assets/site.css" />
  </head>
  <body${frame.desk ? html` class="desk"` : ""}>
    <header>
      <p class="brand"><a href="${frame.desk ? "/staff" : "/"}">${companyName}</a></p>
      ${frame.switcher ?? ""}${frame.desk ?? ""}
    </header>
    <main>
      <h1>${title}</h1>
      ${body}
    </main>
    <footer><p><small>${companyName}</small></p></footer>
  </body>
</html>`;
}

/** The language of a public page: the one `detectLanguage` chose for this visit. */
export function pageLanguage(c: Context<AppEnv>): Language {
  const chosen = c.get("language");
  return isLanguage(chosen) ? chosen : "en";
}

/** The words of this visit's language. */
export function wordsFor(c: Context<AppEnv>): Translate {
  return translator(pageLanguage(c));
}

const otherLanguage: Record<Language, Language> = { en: "es", es: "en" };

/** A public page in the visitor's language, with the switch to the other one. */
export function publicPage(c: Context<AppEnv>, title: string, body: Content, status: ContentfulStatusCode = 200) {
  const language = pageLanguage(c);
  const other = otherLanguage[language];
  const t = translator(language);
  const switcher = html`<p class="language"><a href="${c.req.path}?lang=${other}" hreflang="${other}" lang="${other}"
      >${t("common.thisPageIn")}</a></p>`;
  return c.html(page(title, c.get("ctx").config.COMPANY_NAME, body, { language, switcher }), status);
}

/** The two fields that identify a requester's request on the public pages: its tracking number and their address. */
export function requesterFields(t: Translate, trackingNumber: string, email = "") {
  return html`<label for="trackingNumber">${t("common.trackingNumber")}</label>
      <input id="trackingNumber" name="trackingNumber" value="${trackingNumber}" required placeholder="RD-XXXX-XXXX" />
      <label for="email">${t("common.yourEmail")}</label>
      <input id="email" name="email" type="email" value="${email}" required autocomplete="email" />`;
}
