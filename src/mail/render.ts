import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { Config } from "../config.js";
import { readableDay, readableInstant } from "../domain/calendar.js";
import type { OptOutScope, RequestKind } from "../domain/vocabulary.js";
import { type MessageName, messages } from "./messages.js";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const templatesFolder = fileURLToPath(new URL("../../templates", import.meta.url));

/** A request in the words of the person it is written to; `whose` is "your", "the consumer's" or "your child's". */
const kindPhrases: Record<RequestKind, (whose: string, scopes: OptOutScope[] | undefined) => string> = {
  access: (whose) => `access to ${whose} personal data`,
  portability: (whose) => `a copy of ${whose} personal data to take elsewhere`,
  correction: (whose) => `a correction of ${whose} personal data`,
  deletion: (whose) => `the deletion of ${whose} personal data`,
  opt_out: (whose, scopes) =>
    `an opt-out of the ${scopes?.length ? listOf(scopes.map((scope) => scopeWords[scope])) : "sale, sharing or profiling"} of ${whose} personal data`,
  limit_sensitive: (whose) => `a limit on the use of ${whose} sensitive personal data`,
};

const scopeWords: Record<OptOutScope, string> = {
  sale: "sale",
  sharing: "sharing for cross-context advertising",
  targeted_advertising: "use for targeted advertising",
  profiling: "use for profiling",
};

/** A request as the privacy team names it, in messages to staff. */
const kindNames: Record<RequestKind, string> = {
  access: "access request",
  portability: "request for a portable copy",
  correction: "correction request",
  deletion: "deletion request",
  opt_out: "opt-out",
  limit_sensitive: "request to limit sensitive data",
};

const whoseData = { authorized_agent: "the consumer's", parent: "your child's" } as const;

function listOf(words: string[]): string {
  return words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

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
  for (const engine of [html, plain]) {
    engine.registerHelper("eq", (a: unknown, b: unknown) => a === b);
    engine.registerHelper("date", (iso: string) => readableDay(iso));
    engine.registerHelper("datetime", (iso: string) => readableInstant(new Date(iso), settings.BUSINESS_TIMEZONE));
    // The message's own data says whose data it is (an agent or a parent filed it) and which opt-outs were asked for.
    engine.registerHelper("kindPhrase", (kind: RequestKind, options: Handlebars.HelperOptions) => {
      const root = options.data.root as { filedAs?: keyof typeof whoseData; optOutScopes?: OptOutScope[] };
      return kindPhrases[kind](root.filedAs ? whoseData[root.filedAs] : "your", root.optOutScopes);
    });
    engine.registerHelper("kindName", (kind: RequestKind) => kindNames[kind]);
    engine.registerHelper("plural", (count: number, word: string) => (count === 1 ? word : `${word}s`));
  }
  html.registerPartial("layout", read("_layout.html.hbs"));
  html.registerPartial("staffLayout", read("_staff-layout.html.hbs"));
  plain.registerPartial("footer", read("_footer.text.hbs"));
  plain.registerPartial("staffFooter", read("_staff-footer.text.hbs"));

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
      ...(trackingNumber
        ? {
            statusUrl: pageUrl(settings.PUBLIC_BASE_URL, "/status", trackingNumber),
            codeUrl: pageUrl(settings.PUBLIC_BASE_URL, "/verify", trackingNumber),
          }
        : {}),
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

/** A requester's page for a request, its tracking number filled in: the status page, or where a code is entered. */
function pageUrl(publicBaseUrl: string, path: string, trackingNumber: string): string {
  const url = new URL(path, publicBaseUrl);
  url.searchParams.set("tracking", trackingNumber);
  return url.toString();
}

function read(file: string): string {
  return readFileSync(join(templatesFolder, file), "utf8");
}
