import type { MiddlewareHandler } from "hono";
import { languageDetector } from "hono/language";
import i18next from "i18next";
import type { Language } from "../domain/vocabulary.js";
import { languages } from "../domain/vocabulary.js";
import type { AppEnv } from "../http/router.js";
import { en } from "./en.js";
import { es } from "./es.js";

/** Every key of a catalogue, "status.title" and so on, for `t` to check at compile time. */
type Keys<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Keys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = Keys<typeof en>;

const instance = i18next.createInstance();
// Resources are in memory: initialising is synchronous, and values are escaped by the pages' html templates.
void instance.init({
  resources: { en: { translation: en }, es: { translation: es } },
  lng: "en",
  fallbackLng: false,
  initAsync: false,
  returnNull: false,
  interpolation: { escapeValue: false },
});

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The words of one language; a key missing from a catalogue shows as the key, and the catalogue test catches it. */
export function translator(language: Language): Translate {
  const fixed = instance.getFixedT(language);
  return (key, values) => fixed(key, values ?? {});
}

export const isLanguage = (value: unknown): value is Language => (languages as readonly unknown[]).includes(value);

/**
 * Picks a public page's language: `?lang=` from the switch on every page (kept in a cookie), then the cookie, then
 * the browser's `Accept-Language` ("es-MX" is Spanish), else English.
 */
export function detectLanguage(secureCookies: boolean): MiddlewareHandler<AppEnv> {
  return languageDetector({
    supportedLanguages: [...languages],
    fallbackLanguage: "en",
    order: ["querystring", "cookie", "header"],
    lookupQueryString: "lang",
    lookupCookie: "rd_lang",
    caches: ["cookie"],
    cookieOptions: { path: "/", sameSite: "Lax", secure: secureCookies, httpOnly: true, maxAge: 365 * 86_400 },
    convertDetectedLanguage: (tag) => tag.split("-")[0]?.toLowerCase() ?? tag,
  });
}
