import { type Context, Hono } from "hono";
import { csrf } from "hono/csrf";
import { html } from "hono/html";
import { readableDay } from "../domain/calendar.js";
import { DomainError, RateLimited } from "../domain/errors.js";
import { carriesGpc } from "../domain/gpc.js";
import { type OptOutScope, optOutScopes } from "../domain/vocabulary.js";
import { limitBody } from "../http/body-limit.js";
import { readForm } from "../http/form-body.js";
import type { AppEnv } from "../http/router.js";
import { intakeLimits } from "../modules/intake/routes.js";
import { intakeBody } from "../modules/intake/schemas.js";
import { submitRequest } from "../modules/intake/submit-request.js";
import { keyedHash, sameDigest } from "../security/secrets.js";
import { page } from "./layout.js";
import { residenceChoices } from "./places.js";

/**
 * The public request form: a consumer files any request without writing JSON. It is parsed into the intake's own
 * input and filed by the intake's own use case and limits, so the form and the API cannot disagree. Served without
 * scripts; a refused form comes back with what was typed and each error beside its field.
 */
type Fields = Record<string, string>;
type Errors = Record<string, string>;

const title = "Make a privacy request";
/** How long a form may sit open before its anti-forgery token is refused. */
const formTokenSeconds = 2 * 3600;
/** The rows a correction may list on the form; the API takes more. */
const correctionRows = 3;

const choices = [
  { value: "access", words: "Send me a copy of the personal data you hold about me" },
  { value: "access_categories", words: "Tell me what kinds of personal data you hold about me, and why" },
  { value: "portability", words: "Give me my data in a form I can take to another service" },
  { value: "correction", words: "Correct personal data about me that is wrong" },
  { value: "deletion", words: "Delete my personal data" },
  { value: "opt_out", words: "Stop selling or sharing my data, or using it for targeted ads or profiling" },
  { value: "limit_sensitive", words: "Limit how you use my sensitive personal data" },
] as const;

const scopeWords: Record<OptOutScope, string> = {
  sale: "Selling it",
  sharing: "Sharing it for advertising across other sites and apps",
  targeted_advertising: "Using it for targeted advertising",
  profiling: "Using it to profile me for decisions with legal or similarly significant effects",
};

const roles = [
  { value: "self", words: "I am asking about my own data" },
  { value: "authorized_agent", words: "I am an authorized agent acting for someone" },
  { value: "parent", words: "I am the parent or guardian of a child the data is about" },
] as const;

const ageBands = [
  { value: "", words: "Not a child, or I would rather not say" },
  { value: "under_13", words: "Under 13" },
  { value: "13_15", words: "13 to 15" },
  { value: "16_17", words: "16 or 17" },
  { value: "adult", words: "18 or older" },
] as const;

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
const missing = (field: string) => (choose.has(field) ? "Please choose one." : "Please fill this in.");

/** Where on the form an error of the input belongs. */
function fieldOf(path: string): string {
  if (path === "accessScope") return "kind";
  if (path === "submittedBy.role") return "role";
  if (path === "corrections") return "corrections.0.requestedValue";
  return path || "form";
}

const wordsOf: Record<string, string> = {
  kind: "What you are asking for",
  jurisdiction: "Where you live",
  "subject.name": "Full name",
  "subject.email": "E-mail address",
  "subject.phone": "Phone number",
  role: "Who is asking",
  "submittedBy.name": "Your name",
  "submittedBy.email": "Your e-mail address",
  "submittedBy.authority": "Your authority",
  optOutScopes: "What to stop",
  ageBand: "Age",
};

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

function requestForm(token: string, fields: Fields = {}, errors: Errors = {}) {
  const listed = Object.entries(errors);
  return html`${
    listed.length > 0
      ? html`<div class="notice" role="alert"><p>Please check ${listed.length === 1 ? "this" : "these"}:</p>
          <ul>${listed.map(([name, message]) =>
            name === "form"
              ? html`<li>${message}</li>`
              : html`<li><a href="#${name}">${wordsOf[name] ?? "This field"}</a>: ${message}</li>`,
          )}</ul></div>`
      : ""
  }
    <p>Use this form to exercise your privacy rights. We answer within the time the law where you live allows, and
      never later than our own promise. Fields marked optional may be left empty.</p>
    <form method="post" action="/privacy/request" novalidate>
      <input type="hidden" name="formToken" value="${token}" />
      <div class="trap" aria-hidden="true">
        <label for="website">Leave this empty</label>
        <input id="website" name="website" tabindex="-1" autocomplete="off" />
      </div>
      ${radios(fields, errors, "kind", "What would you like us to do?", choices)}
      <fieldset>
        <legend>If you want us to stop something (optional: none ticked means all of them)</legend>
        ${errorFor(errors, "optOutScopes")}
        ${optOutScopes.map(
          (scope) => html`<label class="choice"><input type="checkbox" name="optOut.${scope}" value="yes"
            ${fields[`optOut.${scope}`] === "yes" ? "checked" : ""} /> ${scopeWords[scope]}</label>`,
        )}
      </fieldset>
      <label for="jurisdiction">Where you live</label>
      ${errorFor(errors, "jurisdiction")}
      <select id="jurisdiction" name="jurisdiction" ${errors.jurisdiction ? html`aria-invalid="true"` : ""}>
        <option value="">Choose…</option>
        ${residenceChoices.map(
          ({ group, places }) =>
            html`<optgroup label="${group}">${places.map(
              (place) =>
                html`<option value="${place.value}" ${fields.jurisdiction === place.value ? "selected" : ""}>${place.name}</option>`,
            )}</optgroup>`,
        )}
      </select>
      <fieldset>
        <legend>The person the request is about</legend>
        ${input(fields, errors, "subject.name", "Full name", { autocomplete: "name" })}
        ${input(fields, errors, "subject.email", "E-mail address", { type: "email", autocomplete: "email" })}
        ${input(fields, errors, "subject.phone", "Phone number (optional)", { type: "tel", autocomplete: "tel" })}
        ${input(fields, errors, "subject.accountId", "Account number or username with us (optional)")}
      </fieldset>
      ${radios(fields, errors, "role", "Who is asking?", roles, "self")}
      <fieldset>
        <legend>If you are an agent or a parent: about you</legend>
        ${input(fields, errors, "submittedBy.name", "Your name")}
        ${input(fields, errors, "submittedBy.email", "Your e-mail address", { type: "email" })}
        ${input(fields, errors, "submittedBy.organisation", "Your business, if you are an agent service (optional)")}
        ${radios(fields, errors, "submittedBy.authority", "An agent's authority", [
          { value: "signed_permission", words: "The consumer's signed permission (we will ask them to confirm it)" },
          { value: "power_of_attorney", words: "A power of attorney" },
        ])}
      </fieldset>
      <label for="ageBand">If the data is about a child: their age</label>
      <p class="hint">Tell us if we collected data from someone under 16: we will delete it.</p>
      ${errorFor(errors, "ageBand")}
      <select id="ageBand" name="ageBand">
        ${ageBands.map(
          (band) =>
            html`<option value="${band.value}" ${fields.ageBand === band.value ? "selected" : ""}>${band.words}</option>`,
        )}
      </select>
      <fieldset>
        <legend>For a correction: what is wrong</legend>
        ${Array.from(
          { length: correctionRows },
          (
            _,
            i,
          ) => html`${input(fields, errors, `corrections.${i}.field`, `What it is (${i + 1})`, { placeholder: "postal address" })}
            ${input(fields, errors, `corrections.${i}.currentValue`, "What we have now (optional)")}
            ${input(fields, errors, `corrections.${i}.requestedValue`, "What it should be")}`,
        )}
      </fieldset>
      <label for="details">Anything else we should know (optional)</label>
      <textarea id="details" name="details" rows="4" maxlength="10000">${fields.details ?? ""}</textarea>
      <button type="submit">Send my request</button>
    </form>`;
}

function confirmation(
  receipt: { trackingNumber: string; respondBy: string; status: string },
  email: string,
  gpcHonoured: boolean,
) {
  return html`${
    gpcHonoured
      ? html`<p class="notice">Your browser's Global Privacy Control signal was honoured: we will not sell or share
          your personal data.</p>`
      : ""
  }<p>We received your request. Your tracking number is <strong>${receipt.trackingNumber}</strong>: keep
      it to follow the request.</p>
    <p>We will answer by <strong>${readableDay(receipt.respondBy)}</strong>.</p>
    <h2>What happens next</h2>
    ${
      receipt.status === "verifying"
        ? html`<p>We sent an e-mail to ${email} with a link and a code. Follow it to confirm the request comes from
            you: we can only act on it once you have.</p>`
        : html`<p>There is nothing more you need to do: this request needs no proof of identity, and our privacy
            team has it now.</p>`
    }
    <p>We also sent you an e-mail confirming it. You can <a href="/status">check where it stands</a> at any time with the
      tracking number and your e-mail address.</p>`;
}

/** Refuses a form posted from another origin (hono's check of Origin and Sec-Fetch-Site). */
const fromOwnOrigin = csrf({
  origin: (origin, c) => origin === new URL((c as Context<AppEnv>).get("ctx").config.PUBLIC_BASE_URL).origin,
});

export const requestFormPages = new Hono<AppEnv>()
  .get("/", (c) => {
    const { config } = c.get("ctx");
    return c.html(
      page(
        "Your privacy choices",
        config.COMPANY_NAME,
        html`<p>You can ask ${config.COMPANY_NAME} what personal data we hold about you, for a copy of it, to correct
            or delete it, and to stop us selling or sharing it. An authorized agent or a parent may ask for you.</p>
          <ul class="links">
            <li><a href="/privacy/request">Make a privacy request</a></li>
            <li><a href="/status">Check a request you made</a></li>
            <li><a href="/appeal">Appeal our decision on a request</a></li>
          </ul>`,
      ),
    );
  })
  .get("/privacy/request", (c) => {
    const ctx = c.get("ctx");
    const form = requestForm(formToken(ctx.config.TOKEN_SECRET, ctx.now()));
    const signal = carriesGpc(c.req.header("sec-gpc"))
      ? html`<p class="notice">Your browser sends a Global Privacy Control signal. Where the law where you live makes
          it binding, we take it as your opt-out of the sale and sharing of your data when you send this form.</p>`
      : "";
    return c.html(page(title, ctx.config.COMPANY_NAME, html`${signal}${form}`));
  })
  .post("/privacy/request", fromOwnOrigin, limitBody(64 * 1024, "A form"), async (c) => {
    const ctx = c.get("ctx");
    const name = ctx.config.COMPANY_NAME;
    const fields = await readForm(c);
    const again = (errors: Errors, status: 422 | 429 | 403) =>
      c.html(page(title, name, requestForm(formToken(ctx.config.TOKEN_SECRET, ctx.now()), fields, errors)), status);
    if (!formTokenValid(ctx.config.TOKEN_SECRET, fields.formToken, ctx.now())) {
      return again({ form: "This form was open too long or did not come from our site. Please send it again." }, 403);
    }
    // A field people never see: something that fills it in is not a person.
    if (fields.website) return again({ form: "This form could not be sent." }, 422);
    const parsed = intakeBody.safeParse(inputOfForm(fields));
    if (!parsed.success) {
      const errors: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = fieldOf(issue.path.join("."));
        // An empty field is asked for in plain words; a filled one keeps the schema's reason.
        errors[field] ??= fields[field]?.trim() || field === "optOutScopes" ? issue.message : missing(field);
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
      return c.html(
        page("Request received", name, confirmation(receipt, parsed.data.subject.email, gpcHonoured !== undefined)),
        201,
      );
    } catch (error) {
      if (error instanceof RateLimited) {
        return again({ form: "Too many requests came from here or for this person. Please try again later." }, 429);
      }
      if (error instanceof DomainError && error.code === "validation") {
        const errors: Errors = {};
        for (const issue of error.issues) errors[fieldOf(issue.field)] ??= issue.message;
        if (Object.keys(errors).length === 0) errors.form = error.message;
        return again(errors, 422);
      }
      throw error;
    }
  });
