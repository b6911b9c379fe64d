import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { Config } from "../config.js";
import type { RequestKind } from "../domain/vocabulary.js";
import { type MessageName, messages } from "./messages.js";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const templatesFolder = fileURLToPath(new URL("../../templates", import.meta.url));

const kindPhrases: Record<RequestKind, string> = {
  access: "access to your personal data",
  portability: "a copy of your personal data to take elsewhere",
  correction: "a correction of your personal data",
  deletion: "the deletion of your personal data",
  opt_out: "an opt-out of the sale, sharing or profiling of your personal data",
  limit_sensitive: "a limit on the use of your sensitive personal data",
};

type Settings = Pick<
  Config,
  "PUBLIC_BASE_URL" | "BUSINESS_TIMEZONE" | "COMPANY_NAME" | "COMPANY_ADDRESS" | "PRIVACY_CONTACT_EMAIL"
>;

/**
 * Renders messages from `templates/<name>/{subject,text,html}.hbs`. The HTML part escapes every value; the subject
 * and text parts are not HTML, so they are not HTML-escaped. Templates are strict: a value a template names but the
 * data lacks is an error, not an empty gap in a sent e-mail.
 */
export function createRenderer(settings: Settings) {
  const html = Handlebars.create();
  const plain = Handlebars.create();
  const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeZone: "UTC" });
  const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: settings.BUSINESS_TIMEZONE,
    timeZoneName: "short",
  });
  for (const engine of [html, plain]) {
    engine.registerHelper("eq", (a: unknown, b: unknown) => a === b);
    engine.registerHelper("date", (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`)));
    engine.registerHelper("datetime", (iso: string) => dateTimeFormat.format(new Date(iso)));
    engine.registerHelper("kindPhrase", (kind: RequestKind) => kindPhrases[kind]);
    engine.registerHelper("plural", (count: number, word: string) => (count === 1 ? word : `${word}s`));
  }
  html.registerPartial("layout", read("_layout.html.hbs"));
  plain.registerPartial("footer", read("_footer.text.hbs"));

  const compiled = new Map<
    MessageName,
    { subject: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate }
  >();
  const templatesOf = (name: MessageName) => {
    let templates = compiled.get(name);
    if (!templates) {
      templates = {
        subject: plain.compile(read(join(name, "subject.hbs")).trim(), { noEscape: true, strict: true }),
        text: plain.compile(read(join(name, "text.hbs")), { noEscape: true, strict: true }),
        html: html.compile(read(join(name, "html.hbs")), { strict: true }),
      };
      compiled.set(name, templates);
    }
    return templates;
  };

  const company = {
    name: settings.COMPANY_NAME,
    address: settings.COMPANY_ADDRESS,
    contactEmail: settings.PRIVACY_CONTACT_EMAIL,
  };

  /** Checks the data against the message's schema, then renders all three parts. */
  return function render(name: MessageName, data: unknown): RenderedMail {
    const checked = messages[name].parse(data) as Record<string, unknown>;
    const trackingNumber = typeof checked.trackingNumber === "string" ? checked.trackingNumber : undefined;
    const context = {
      ...checked,
      company,
      ...(trackingNumber ? { statusUrl: statusUrl(settings.PUBLIC_BASE_URL, trackingNumber) } : {}),
    };
    const templates = templatesOf(name);
    return {
      subject: templates.subject(context).replace(/\s+/g, " "),
      text: templates.text(context),
      html: templates.html(context),
    };
  };
}

export type Renderer = ReturnType<typeof createRenderer>;

function statusUrl(publicBaseUrl: string, trackingNumber: string): string {
  const url = new URL("/status", publicBaseUrl);
  url.searchParams.set("tracking", trackingNumber);
  return url.toString();
}

function read(file: string): string {
  return readFileSync(join(templatesFolder, file), "utf8");
}
