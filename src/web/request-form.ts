import { Hono } from "hono";
import { html } from "hono/html";
import { readableDay } from "../domain/calendar.js";
import { DomainError, RateLimited } from "../domain/errors.js";
import { carriesGpc } from "../domain/gpc.js";
import { type Language, optOutScopes, requestKinds } from "../domain/vocabulary.js";
import { limitBody } from "../http/body-limit.js";
import { readForm } from "../http/form-body.js";
import { fromOwnOrigin } from "../http/own-origin.js";
import type { AppEnv } from "../http/router.js";
import type { MessageKey, Translate } from "../i18n/index.js";
import { intakeLimits } from "../modules/intake/routes.js";
import { intakeBody } from "../modules/intake/schemas.js";
import { submitRequest } from "../modules/intake/submit-request.js";
import { keyedHash, sameDigest } from "../security/secrets.js";
import { pageLanguage, publicPage, wordsFor } from "./layout.js";
import { residenceSelect } from "./places.js";

/**
 * The public request form: a consumer files any request without writing JSON. It is parsed into the intake's own
 * input and filed by the intake's own use case and limits, so the form and the API cannot disagree. Served without
 * scripts; a refused form comes back with what was typed and each error beside its field.
 */
type Fields = Record<string, string>;
type Errors = Record<string, string>;

/** How long a form may sit open before its anti-forgery token is refused. */
const formTokenSeconds = 2 * 3600;
/** The rows a correction may list on the form; the API takes more. */
const correctionRows = 3;

/** Every kind of request, an access request offered twice: for the data itself, or for its categories only. */
const choices = requestKinds.flatMap((kind) =>
  kind === "access" ? (["access", "access_categories"] as const) : [kind],
);
const roles = ["self", "authorized_agent", "parent"] as const;
const ageBands = ["", "under_13", "13_15", "16_17", "adult"] as const;
const authorities = ["signed_permission", "power_of_attorney"] as const;

/** A token the form carries back: when it was served, signed, so a form posted from elsewhere cannot forge one. */
function formToken(tokenSecret: string, now: Date): string {
  const issued = String(Math.floor(now.getTime() / 1000));
  return `${issued}.${keyedHash(tokenSecret, "request-form", issued)}`;
}

function formTokenValid(tokenSecret: string, token: string | undefined, now: Date): boolean {
  const [issued, signature] = (token ?? "").split(".", 2);
  if (!issued || !signature || !/^\d{1,12}$/.test(issued)) return false;
  const age = now.getTime() / 1000 - Number(issued);
  return age >= 0 && age <= formTokenSeconds && sameDigest(signature, keyedHash(tokenSecret, "request-form", issued));
}

/** The intake's input from the form's fields: only what the chosen right uses, empty fields left out. */
function inputOfForm(fields: Fields): unknown {
  const given = (name: string) => fields[name]?.trim() || undefined;
  const choice = given("kind");
  const kind = choice === "access_categories" ? "access" : choice;
  const role = given("role") ?? "self";
  const corrections = Array.from({ length: correctionRows }, (_, i) => ({
    field: given(`corrections.${i}.field`),
    currentValue: given(`corrections.${i}.currentValue`),
    requestedValue: given(`corrections.${i}.requestedValue`),
  })).filter((row) => row.field || row.requestedValue);
  const scopes = optOutScopes.filter((scope) => fields[`optOut.${scope}`] === "yes");
  const compact = (value: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(value).filter(([, one]) => one !== undefined));
  return compact({
    kind,
    jurisdiction: given("jurisdiction") ?? "",
    subject: compact({
      name: given("subject.name") ?? "",
      email: given("subject.email") ?? "",
      phone: given("subject.phone"),
      accountId: given("subject.accountId"),
    }),
    ...(role === "self"
      ? {}
      : {
          submittedBy: compact({
            role,
            name: given("submittedBy.name"),
            email: given("submittedBy.email"),
            organisation: role === "authorized_agent" ? given("submittedBy.organisation") : undefined,
            authority: role === "authorized_agent" ? given("submittedBy.authority") : undefined,
          }),
        }),
    accessScope: kind === "access" ? (choice === "access_categories" ? "categories" : "specific_pieces") : undefined,
    ageBand: given("ageBand"),
    corrections: kind === "correction" ? (corrections.length > 0 ? corrections : undefined) : undefined,
    // None ticked is all of them, as the form says.
    optOutScopes: kind === "opt_out" ? (scopes.length > 0 ? scopes : [...optOutScopes]) : undefined,
    details: given("details"),
  });
}

const choose = new Set(["kind", "jurisdiction", "role", "submittedBy.authority"]);
const missing = (t: Translate, field: string) => (choose.has(field) ? t("form.chooseOne") : t("form.fillIn"));

/** Where on the form an error of the input belongs. */
function fieldOf(path: string): string {
  if (path === "accessScope") return "kind";
  if (path === "submittedBy.role") return "role";
  if (path === "corrections") return "corrections.0.requestedValue";
  return path || "form";
}

/** The fields an error list links to, by the words of their labels. */
const fieldWords = {
  kind: "form.field.kind",
  jurisdiction: "form.field.jurisdiction",
  "subject.name": "form.field.subjectName",
  "subject.email": "form.field.subjectEmail",
  "subject.phone": "form.field.subjectPhone",
  role: "form.field.role",
  "submittedBy.name": "form.field.submitterName",
  "submittedBy.email": "form.field.submitterEmail",
  "submittedBy.authority": "form.field.authority",
  optOutScopes: "form.field.optOutScopes",
  ageBand: "form.field.ageBand",
} as const satisfies Record<string, MessageKey>;
const wordsOfField = (t: Translate, name: string) =>
  t(Object.hasOwn(fieldWords, name) ? fieldWords[name as keyof typeof fieldWords] : "form.field.other");

function errorFor(errors: Errors, name: string) {
  return errors[name] ? html`<p class="error" id="${name}-error">${errors[name]}</p>` : "";
}

function input(fields: Fields, errors: Errors, name: string, label: string, extra: Record<string, string> = {}) {
  const attributes = Object.entries(extra).map(([key, value]) => html` ${key}="${value}"`);
  return html`<label for="${name}">${label}</label>
    ${errorFor(errors, name)}
    <input id="${name}" name="${name}" value="${fields[name] ?? ""}"${attributes}
      ${errors[name] ? html`aria-invalid="true" aria-describedby="${name}-error"` : ""} />`;
}

function radios(
  fields: Fields,
  errors: Errors,
  name: string,
  legend: string,
  options: readonly { value: string; words: string }[],
  fallback?: string,
) {
  const chosen = fields[name] ?? fallback;
  return html`<fieldset ${errors[name] ? html`aria-describedby="${name}-error"` : ""}>
    <legend>${legend}</legend>
    ${errorFor(errors, name)}
    ${options.map(
      (option, i) => html`<label class="choice"><input type="radio" name="${name}" id="${name}-${i}"
        value="${option.value}" ${chosen === option.value ? "checked" : ""} /> ${option.words}</label>`,
    )}
  </fieldset>`;
}

function requestForm(t: Translate, token: string, fields: Fields = {}, errors: Errors = {}) {
  const listed = Object.entries(errors);
  const options = <const Value extends string>(values: readonly Value[], prefix: (value: Value) => MessageKey) =>
    values.map((value) => ({ value, words: t(prefix(value)) }));
  return html`${
    listed.length > 0
      ? html`<div class="notice" role="alert"><p>${t("form.check")}</p>
          <ul>${listed.map(([name, message]) =>
            name === "form"
              ? html`<li>${message}</li>`
              : html`<li><a href="#${name}">${wordsOfField(t, name)}</a>: ${message}</li>`,
          )}</ul></div>`
      : ""
  }
    <p>${t("form.intro")}</p>
    <form method="post" action="/privacy/request" novalidate>
      <input type="hidden" name="formToken" value="${token}" />
      <div class="trap" aria-hidden="true">
        <label for="website">${t("form.trap")}</label>
        <input id="website" name="website" tabindex="-1" autocomplete="off" />
      </div>
      ${radios(
        fields,
        errors,
        "kind",
        t("form.kind"),
        options(choices, (choice) => `form.choices.${choice}`),
      )}
      <fieldset>
        <legend>${t("form.optOut")}</legend>
        ${errorFor(errors, "optOutScopes")}
        ${optOutScopes.map(
          (scope) => html`<label class="choice"><input type="checkbox" name="optOut.${scope}" value="yes"
            ${fields[`optOut.${scope}`] === "yes" ? "checked" : ""} /> ${t(`form.scopes.${scope}`)}</label>`,
        )}
      </fieldset>
      <label for="jurisdiction">${t("form.field.jurisdiction")}</label>
      ${errorFor(errors, "jurisdiction")}
      ${residenceSelect(t, fields.jurisdiction, errors.jurisdiction !== undefined)}
      <fieldset>
        <legend>${t("form.subject")}</legend>
        ${input(fields, errors, "subject.name", t("form.field.subjectName"), { autocomplete: "name" })}
        ${input(fields, errors, "subject.email", t("form.field.subjectEmail"), { type: "email", autocomplete: "email" })}
        ${input(fields, errors, "subject.phone", t("form.phoneOptional"), { type: "tel", autocomplete: "tel" })}
        ${input(fields, errors, "subject.accountId", t("form.accountOptional"))}
      </fieldset>
      ${radios(
        fields,
        errors,
        "role",
        t("form.field.role"),
        options(roles, (role) => `form.roles.${role}`),
        "self",
      )}
      <fieldset>
        <legend>${t("form.aboutYou")}</legend>
        ${input(fields, errors, "submittedBy.name", t("form.field.submitterName"))}
        ${input(fields, errors, "submittedBy.email", t("form.field.submitterEmail"), { type: "email" })}
        ${input(fields, errors, "submittedBy.organisation", t("form.organisation"))}
        ${radios(
          fields,
          errors,
          "submittedBy.authority",
          t("form.field.authority"),
          options(authorities, (authority) => `form.authorities.${authority}`),
        )}
      </fieldset>
      <label for="ageBand">${t("form.field.ageBand")}</label>
      <p class="hint">${t("form.ageHint")}</p>
      ${errorFor(errors, "ageBand")}
      <select id="ageBand" name="ageBand">
        ${ageBands.map(
          (band) =>
            html`<option value="${band}" ${fields.ageBand === band ? "selected" : ""}>${t(`form.ages.${band || "none"}`)}</option>`,
        )}
      </select>
      <fieldset>
        <legend>${t("form.correction")}</legend>
        ${Array.from(
          { length: correctionRows },
          (
            _,
            i,
          ) => html`${input(fields, errors, `corrections.${i}.field`, t("form.correctionField", { n: i + 1 }), { placeholder: t("form.correctionExample") })}
            ${input(fields, errors, `corrections.${i}.currentValue`, t("form.correctionNow"))}
            ${input(fields, errors, `corrections.${i}.requestedValue`, t("form.correctionWanted"))}`,
        )}
      </fieldset>
      <label for="details">${t("form.details")}</label>
      <textarea id="details" name="details" rows="4" maxlength="10000">${fields.details ?? ""}</textarea>
      <button type="submit">${t("form.send")}</button>
    </form>`;
}

function confirmation(
  t: Translate,
  language: Language,
  receipt: { trackingNumber: string; respondBy: string; status: string },
  email: string,
  gpcHonoured: boolean,
) {
  return html`${gpcHonoured ? html`<p class="notice" role="status">${t("form.gpcHonoured")}</p>` : ""}
    <p>${t("form.received")} <strong>${receipt.trackingNumber}</strong>.</p>
    <p>${t("form.answerBy")} <strong>${readableDay(receipt.respondBy, language)}</strong>.</p>
    <h2>${t("form.next")}</h2>
    <p>${receipt.status === "verifying" ? t("form.nextVerify", { email }) : t("form.nextNothing")}</p>
    <p>${t("form.alsoMailed")} <a href="/status">${t("form.checkStatus")}</a></p>`;
}

export const requestFormPages = new Hono<AppEnv>()
  .get("/", (c) => {
    const { config } = c.get("ctx");
    const t = wordsFor(c);
    const card = (href: string, heading: MessageKey, words: MessageKey) =>
      html`<li class="card"><a href="${href}"><strong>${t(heading)}</strong><span>${t(words)}</span></a></li>`;
    return publicPage(
      c,
      t("landing.title"),
      html`<p class="lead">${t("landing.intro", { company: config.COMPANY_NAME })}</p>
        <ul class="cards">
          ${card("/privacy/request", "landing.request", "landing.requestWords")}
          ${card("/status", "landing.status", "landing.statusWords")}
          ${card("/appeal", "landing.appeal", "landing.appealWords")}
          ${card("/complaint", "landing.complaint", "landing.complaintWords")}
        </ul>
        <p class="hint">${t("landing.gpc")}</p>`,
    );
  })
  .get("/privacy/request", (c) => {
    const ctx = c.get("ctx");
    const t = wordsFor(c);
    // A link may choose the right beforehand (a refused deletion's offer of an opt-out links to it so).
    const kind = c.req.query("kind");
    const chosen = choices.find((choice) => choice === kind);
    const form = requestForm(t, formToken(ctx.config.TOKEN_SECRET, ctx.now()), chosen ? { kind: chosen } : {});
    const signal = carriesGpc(c.req.header("sec-gpc"))
      ? html`<p class="notice" role="status">${t("form.gpcSeen")}</p>`
      : "";
    return publicPage(c, t("form.title"), html`${signal}${form}`);
  })
  .post("/privacy/request", fromOwnOrigin, limitBody(64 * 1024, "A form"), async (c) => {
    const ctx = c.get("ctx");
    const t = wordsFor(c);
    const language = pageLanguage(c);
    const fields = await readForm(c);
    const again = (errors: Errors, status: 422 | 429 | 403) =>
      publicPage(
        c,
        t("form.title"),
        requestForm(t, formToken(ctx.config.TOKEN_SECRET, ctx.now()), fields, errors),
        status,
      );
    if (!formTokenValid(ctx.config.TOKEN_SECRET, fields.formToken, ctx.now())) {
      return again({ form: t("form.stale") }, 403);
    }
    // A field people never see: something that fills it in is not a person.
    if (fields.website) return again({ form: t("form.refused") }, 422);
    // The schemas explain in English; a Spanish page says which field, in Spanish.
    const reason = (message: string) => (language === "en" ? message : t("form.invalid"));
    const parsed = intakeBody.safeParse({ ...(inputOfForm(fields) as object), language });
    if (!parsed.success) {
      const errors: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path.join("."));
        // An empty field is asked for in plain words; a filled one keeps the schema's reason.
        errors[field] ??= fields[field]?.trim() || field === "optOutScopes" ? reason(issue.message) : missing(t, field);
      }
      return again(errors, 422);
    }
    try {
      const { receipt, gpcHonoured } = await submitRequest({
        ctx,
        input: parsed.data,
        channel: "web_form",
        limits: intakeLimits(c, parsed.data.subject.email),
        gpc: carriesGpc(c.req.header("sec-gpc")),
      });
      const body = confirmation(t, language, receipt, parsed.data.subject.email, gpcHonoured !== undefined);
      return publicPage(c, t("form.receivedTitle"), body, 201);
    } catch (error) {
      if (error instanceof RateLimited) {
        return again({ form: t("form.tooMany") }, 429);
      }
      if (error instanceof DomainError && error.code === "validation") {
        const errors: Errors = {};
        for (const issue of error.issues) errors[fieldOf(issue.field)] ??= reason(issue.message);
        if (Object.keys(errors).length === 0) errors.form = reason(error.message);
        return again(errors, 422);
      }
      throw error;
    }
  });
