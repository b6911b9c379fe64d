import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { Config } from "../config.js";
import { readableDay, readableInstant } from "../domain/calendar.js";
import type { DenialGround } from "../domain/denial-grounds.js";
import type { Language, OptOutScope, RequestKind } from "../domain/vocabulary.js";
import { requesterPageUrl } from "../http/page-urls.js";
import { isRequesterMessage, type MessageName, messages } from "./messages.js";

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
    `an opt-out of the ${
      scopes?.length
        ? listOf(
            scopes.map((scope) => scopeWords[scope]),
            "and",
          )
        : "sale, sharing or profiling"
    } of ${whose} personal data`,
  opt_in: (whose) => `an opt-in again to the sale and sharing of ${whose} personal data`,
  limit_sensitive: (whose) => `a limit on the use of ${whose} sensitive personal data`,
  third_party_list: (whose) => `a list of the third parties we disclosed ${whose} personal data to`,
  question_profiling: (whose) => `a review of a decision made by profiling ${whose} personal data`,
  restriction: (whose) => `a restriction of our use of ${whose} personal data`,
  objection: (whose) => `an objection to our use of ${whose} personal data`,
};

const scopeWords: Record<OptOutScope, string> = {
  sale: "sale",
  sharing: "sharing for cross-context advertising",
  targeted_advertising: "use for targeted advertising",
  profiling: "use for profiling",
};

/** The same in Spanish; `whose` is "sus", "los … del consumidor" does not fit a prefix, so each phrase takes the owner. */
const spanishKindPhrases: Record<RequestKind, (whose: string, scopes: OptOutScope[] | undefined) => string> = {
  access: (whose) => `acceso a ${whose}`,
  portability: (whose) => `una copia de ${whose} para llevarlos a otro servicio`,
  correction: (whose) => `la corrección de ${whose}`,
  deletion: (whose) => `la eliminación de ${whose}`,
  opt_out: (whose, scopes) =>
    `la exclusión de ${
      scopes?.length
        ? listOf(
            scopes.map((scope) => spanishScopeWords[scope]),
            "y",
          )
        : "la venta, el intercambio o la elaboración de perfiles"
    } de ${whose}`,
  opt_in: (whose) => `que volvamos a poder vender y compartir ${whose}`,
  limit_sensitive: (whose) => `un límite al uso de ${whose.replace("datos personales", "datos personales sensibles")}`,
  third_party_list: (whose) => `una lista de los terceros a quienes comunicamos ${whose}`,
  question_profiling: (whose) => `la revisión de una decisión tomada al elaborar perfiles con ${whose}`,
  restriction: (whose) => `la limitación de nuestro uso de ${whose}`,
  objection: (whose) => `su oposición a nuestro uso de ${whose}`,
};

const spanishScopeWords: Record<OptOutScope, string> = {
  sale: "la venta",
  sharing: "el intercambio para publicidad entre contextos",
  targeted_advertising: "el uso para publicidad dirigida",
  profiling: "el uso para elaborar perfiles",
};

/** A request as the privacy team names it, in messages to staff. */
const kindNames: Record<RequestKind, string> = {
  access: "access request",
  portability: "request for a portable copy",
  correction: "correction request",
  deletion: "deletion request",
  opt_out: "opt-out",
  opt_in: "opt-in to sale and sharing",
  limit_sensitive: "request to limit sensitive data",
  third_party_list: "request for the list of third parties",
  question_profiling: "request to question a profiling result",
  restriction: "request to restrict processing",
  objection: "objection to processing",
};

type FiledAs = "authorized_agent" | "parent";

/** Whose data a message speaks of, in each language: the reader's, the consumer's (to an agent), or their child's. */
const whoseData: Record<Language, Record<FiledAs | "self", string>> = {
  en: { self: "your", authorized_agent: "the consumer's", parent: "your child's" },
  es: {
    self: "sus datos personales",
    authorized_agent: "los datos personales del consumidor",
    parent: "los datos personales de su hijo o hija",
  },
};

/** A refusal's ground as the requester reads it, in Spanish (the English is `denialGrounds[…].requester`). */
const spanishGrounds: Record<DenialGround, string> = {
  identity_not_verified: "No pudimos confirmar su identidad.",
  regulatory_obligation:
    "Llevar a cabo la solicitud entraría en conflicto con una obligación legal o reglamentaria que debemos cumplir.",
  legal_matters: "Los datos son necesarios para una reclamación, investigación o procedimiento legal.",
  disproportionate_effort:
    "Los datos no son razonablemente accesibles, o encontrarlos exigiría un esfuerzo desproporcionado.",
  manifestly_unfounded_or_excessive: "La solicitud es manifiestamente infundada, excesiva o repetitiva.",
  deletion_exception:
    "Debemos conservar estos datos para un fin que la ley permite, como completar una transacción o la seguridad.",
  trade_secrets_or_others_rights:
    "Revelarlos expondría secretos comerciales o afectaría a los derechos de otras personas.",
  pseudonymous_data: "Los datos son seudónimos y no podemos vincularlos a usted sin recopilar más datos.",
};

function listOf(words: string[], and: string): string {
  return words.length < 2 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} ${and} ${words.at(-1)}`;
}

type Settings = Pick<
  Config,
  "PUBLIC_BASE_URL" | "BUSINESS_TIMEZONE" | "COMPANY_NAME" | "COMPANY_ADDRESS" | "PRIVACY_CONTACT_EMAIL"
>;

interface Engines {
  html: typeof Handlebars;
  plain: typeof Handlebars;
  /** The folder of a message's templates in this language, under `templates/<name>/`. */
  folder: string;
}

/**
 * Renders messages from `templates/<name>/{subject,text,html}.hbs`, and a requester's message in Spanish from
 * `templates/<name>/es/`. The HTML part escapes every value; the subject and text parts are not HTML, so they are
 * not HTML-escaped. Templates are strict: a value a template names but the data lacks is an error, not an empty gap
 * in a sent e-mail. A message written to staff has no Spanish version and is sent in English.
 */
export function createRenderer(settings: Settings) {
  const enginesOf = (language: Language): Engines => {
    const html = Handlebars.create();
    const plain = Handlebars.create();
    const suffix = language === "en" ? "" : `.${language}`;
    for (const engine of [html, plain]) {
      engine.registerHelper("eq", (a: unknown, b: unknown) => a === b);
      engine.registerHelper("date", (iso: string) => readableDay(iso, language));
      engine.registerHelper("datetime", (iso: string) =>
        readableInstant(new Date(iso), settings.BUSINESS_TIMEZONE, language),
      );
      // The message's own data says whose data it is (an agent or a parent filed it) and which opt-outs were asked for.
      engine.registerHelper("kindPhrase", (kind: RequestKind, options: Handlebars.HelperOptions) => {
        const root = options.data.root as { filedAs?: FiledAs; optOutScopes?: OptOutScope[] };
        const whose = whoseData[language][root.filedAs ?? "self"];
        return (language === "en" ? kindPhrases : spanishKindPhrases)[kind](whose, root.optOutScopes);
      });
      engine.registerHelper("kindName", (kind: RequestKind) => kindNames[kind]);
      engine.registerHelper("plural", (count: number, word: string) => (count === 1 ? word : `${word}s`));
      engine.registerHelper("groundReason", (ground: DenialGround) => spanishGrounds[ground]);
    }
    html.registerPartial("layout", read(`_layout${suffix}.html.hbs`));
    plain.registerPartial("footer", read(`_footer${suffix}.text.hbs`));
    // Where a refusal or an appeal's answer says the requester may go next: one wording for both messages.
    html.registerPartial("recourse", read(`_recourse${suffix}.html.hbs`));
    plain.registerPartial("recourse", read(`_recourse${suffix}.text.hbs`));
    if (language === "en") {
      html.registerPartial("staffLayout", read("_staff-layout.html.hbs"));
      plain.registerPartial("staffFooter", read("_staff-footer.text.hbs"));
    }
    return { html, plain, folder: language === "en" ? "" : language };
  };
  const engines: Record<Language, Engines> = { en: enginesOf("en"), es: enginesOf("es") };

  type Compiled = {
    subject: HandlebarsTemplateDelegate;
    text: HandlebarsTemplateDelegate;
    html: HandlebarsTemplateDelegate;
  };
  const compiled = new Map<string, Compiled>();
  const templatesOf = (name: MessageName, language: Language) => {
    const key = `${language}:${name}`;
    let templates = compiled.get(key);
    if (!templates) {
      const { html, plain, folder } = engines[language];
      templates = {
        subject: plain.compile(read(join(name, folder, "subject.hbs")).trim(), { noEscape: true, strict: true }),
        text: plain.compile(read(join(name, folder, "text.hbs")), { noEscape: true, strict: true }),
        html: html.compile(read(join(name, folder, "html.hbs")), { strict: true }),
      };
      compiled.set(key, templates);
    }
    return templates;
  };

  const company = {
    name: settings.COMPANY_NAME,
    address: settings.COMPANY_ADDRESS,
    contactEmail: settings.PRIVACY_CONTACT_EMAIL,
  };

  /**
   * Checks the data against the message's schema, then renders all three parts, in the request's language where the
   * message is the requester's.
   */
  return function render(name: MessageName, data: unknown, language: Language = "en"): RenderedMail {
    const checked = messages[name].parse(data) as Record<string, unknown>;
    const written = isRequesterMessage(name) ? language : "en";
    const trackingNumber = typeof checked.trackingNumber === "string" ? checked.trackingNumber : undefined;
    const pages = (path: "/status" | "/verify") =>
      requesterPageUrl(settings.PUBLIC_BASE_URL, path, trackingNumber as string, written);
    const context = {
      ...checked,
      company,
      ...(trackingNumber ? { statusUrl: pages("/status"), codeUrl: pages("/verify") } : {}),
    };
    const templates = templatesOf(name, written);
    return {
      subject: templates.subject(context).replace(/\s+/g, " "),
      text: templates.text(context),
      html: templates.html(context),
    };
  };
}

export type Renderer = ReturnType<typeof createRenderer>;

function read(file: string): string {
  return readFileSync(join(templatesFolder, file), "utf8");
}
