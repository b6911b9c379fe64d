import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { StaffRole } from "../../domain/actor.js";
import { readableDay, readableInstant } from "../../domain/calendar.js";
import { denialGroundCodes, denialGrounds } from "../../domain/denial-grounds.js";
import { DomainError, StaleVersion } from "../../domain/errors.js";
import { describeStatus, isAnswerPending } from "../../domain/lifecycle.js";
import { appealOutcomes } from "../../domain/vocabulary.js";
import { limitBody } from "../../http/body-limit.js";
import { readForm } from "../../http/form-body.js";
import { fieldIssues, statusOfError } from "../../http/problem.js";
import type { StaffEnv } from "../../http/staff-auth.js";
import { appealDecisionAction } from "../../modules/appeals/routes.js";
import { reviewActions } from "../../modules/review/action-routes.js";
import { describeRequest } from "../../modules/review/describe-request.js";
import { listTeam, type TeamMember } from "../../modules/staff/team.js";
import { page } from "../layout.js";
import { csrfField, deskPage, everyone } from "./frame.js";
import { actionWords, flagWords, kindWords } from "./words.js";

type Detail = Awaited<ReturnType<typeof describeRequest>>;
type Fields = Record<string, string>;

/** What a refused action comes back with: which form, what was typed, and what is wrong, field by field. */
interface Attempt {
  action: string;
  typed: Fields;
  errors: Record<string, string>;
}

/** Every action the API offers on a request, by name; the desk's forms post to the same use cases. */
const actionSpecs = new Map([...reviewActions, appealDecisionAction].map((spec) => [spec.name, spec]));

const defaultRoles: StaffRole[] = ["admin", "reviewer"];
const languageNames = { en: "English", es: "Spanish" } as const;
const appealOutcomeWords = { upheld: "Upheld", reversed: "Reversed", partly_reversed: "Partly reversed" } as const;

/** The input of an action from its form: numbers and lists as the API takes them, empty fields left out. */
function bodyOf(form: Fields): Record<string, unknown> {
  const body: Record<string, unknown> = { version: Number(form.version) };
  const corrections = new Map<string, { field?: string; accept?: boolean; reason?: string }>();
  for (const [name, raw] of Object.entries(form)) {
    const value = raw.trim();
    const row = /^corrections\.(\d+)\.(field|accept|reason)$/.exec(name);
    if (row?.[1] && row[2]) {
      const decided = corrections.get(row[1]) ?? {};
      if (row[2] === "accept") decided.accept = value === "yes";
      else if (value) decided[row[2] as "field" | "reason"] = value;
      corrections.set(row[1], decided);
    } else if (name === "assigneeId") body.assigneeId = value || null;
    else if (!["_csrf", "version", "seen"].includes(name) && value) body[name] = value;
  }
  if (corrections.size > 0) body.corrections = [...corrections.values()];
  return body;
}

function notice(errors: Record<string, string>) {
  return errors.form ? html`<p class="notice" role="alert">${errors.form}</p>` : "";
}

function fieldError(attempt: Attempt | undefined, name: string) {
  const message = attempt?.errors[name];
  return message ? html`<p class="error" id="${attempt?.action}-${name}-error">${message}</p>` : "";
}

/** One action's form: the version the page was loaded at and the last trail entry seen, so a stale one can say what changed. */
function actionForm(
  c: Context<StaffEnv>,
  detail: Detail,
  spec: { name: string; label: string },
  attempt: Attempt | undefined,
  fields: (field: FieldMaker) => unknown,
  extra = "",
) {
  const mine = attempt?.action === spec.name ? attempt : undefined;
  const id = (name: string) => `${spec.name}${extra}-${name}`;
  const field: FieldMaker = {
    text(name, label, options = {}) {
      const value = mine?.typed[name] ?? options.value ?? "";
      const invalid = mine?.errors[name]
        ? html` aria-invalid="true" aria-describedby="${spec.name}-${name}-error"`
        : "";
      return html`<label for="${id(name)}">${label}</label>${fieldError(mine, name)}
        ${
          options.long
            ? html`<textarea id="${id(name)}" name="${name}" rows="4"${invalid}>${value}</textarea>`
            : html`<input id="${id(name)}" name="${name}" value="${value}" type="${options.type ?? "text"}"${invalid} />`
        }`;
    },
    choice(name, label, options, fallback = "") {
      const chosen = mine?.typed[name] ?? fallback;
      return html`<label for="${id(name)}">${label}</label>${fieldError(mine, name)}
        <select id="${id(name)}" name="${name}">
          ${options.map(([value, words]) => html`<option value="${value}" ${chosen === value ? "selected" : ""}>${words}</option>`)}
        </select>`;
    },
  };
  const lastSeen = detail.events.at(-1)?.id ?? 0;
  return html`<details class="action" ${mine ? "open" : ""}>
      <summary>${spec.label}</summary>
      ${mine ? notice(mine.errors) : ""}
      <form method="post" action="/staff/requests/${detail.request.id}/act/${spec.name}">
        ${csrfField(c)}
        <input type="hidden" name="version" value="${detail.request.version}" />
        <input type="hidden" name="seen" value="${lastSeen}" />
        ${fields(field)}
        <button type="submit">${spec.label}</button>
      </form>
    </details>`;
}

interface FieldMaker {
  text(name: string, label: string, options?: { long?: boolean; type?: string; value?: string }): unknown;
  choice(name: string, label: string, options: [string, string][], fallback?: string): unknown;
}

const grounds: [string, string][] = denialGroundCodes.map((code) => [code, denialGrounds[code].requester]);

/** The actions that make sense for the request as it stands; the use case still decides (a 409 says why). */
function actions(c: Context<StaffEnv>, detail: Detail, team: TeamMember[], attempt: Attempt | undefined) {
  const { request } = detail;
  const role = c.get("actor").role;
  const pending = isAnswerPending(request.status);
  const ours = !request.controllerId;
  const decides = role === "admin" || role === "reviewer";
  const form = (name: string, label: string, fields: (field: FieldMaker) => unknown, extra?: string) =>
    actionForm(c, detail, { name, label }, attempt, fields, extra);
  const openTasks = detail.tasks.filter((task) => !["done", "not_applicable"].includes(task.status));
  const others = detail.related.filter((other) => other.status !== "duplicate" && !other.duplicateOf);
  const assignable = team.filter((member) => member.active && member.role !== "auditor");
  const forms = [
    decides && pending && !request.assigneeId && form("claim", "Claim it", () => ""),
    decides &&
      pending &&
      form("assign", "Assign it", (field) =>
        field.choice(
          "assigneeId",
          "To",
          [
            ["", "Back to the team"],
            ...assignable.map((member): [string, string] => [member.id, `${member.name} (${member.role})`]),
          ],
          request.assigneeId ?? "",
        ),
      ),
    decides &&
      request.status === "in_review" &&
      ours &&
      form("fulfil", "Carry it out", (field) => [
        field.choice("scope", "How much", [
          ["full", "All of it"],
          ["partial", "Part of it"],
        ]),
        field.choice("ground", "For a part refused: the ground", [["", "None"], ...grounds]),
        field.text("explanation", "For a part refused: what the requester reads", { long: true }),
        (request.corrections ?? []).map(
          (asked, i) => html`<fieldset>
            <legend>Change to ${asked.field}: ${asked.requestedValue}</legend>
            <input type="hidden" name="corrections.${i}.field" value="${asked.field}" />
            ${field.choice(`corrections.${i}.accept`, "Make it?", [
              ["yes", "Make it"],
              ["no", "Refuse it"],
            ])}
            ${field.text(`corrections.${i}.reason`, "If refused: why (the requester reads it)")}
          </fieldset>`,
        ),
      ]),
    decides &&
      pending &&
      ours &&
      form("deny", "Refuse it", (field) => [
        field.choice("ground", "Ground", grounds),
        field.text("explanation", "What the requester reads", { long: true }),
      ]),
    decides &&
      pending &&
      ours &&
      !request.extendedAt &&
      form("extend", "Extend the deadline", (field) => [
        field.text("reason", "Why more time is needed (the requester reads it)", { long: true }),
        field.text("until", "New deadline (empty: the most the rules allow)", { type: "date" }),
      ]),
    decides &&
      pending &&
      form("information-requests", "Ask the requester for information", (field) =>
        field.text("message", "What to ask (e-mailed to them)", { long: true }),
      ),
    decides &&
      request.status === "fulfilling" &&
      openTasks.length === 0 &&
      form("complete", "Complete it and send the decision", () => ""),
    ...openTasks.map(
      (task) =>
        decides &&
        form(
          "close-task",
          `Close ${task.dataSystem.name}'s task by hand`,
          (field) => [
            html`<input type="hidden" name="taskId" value="${task.id}" />`,
            field.choice("outcome", "Outcome", [
              ["done", "Done"],
              ["not_applicable", "Holds nothing of the kind"],
            ]),
            field.text("reason", "What was done, or why nothing needed doing"),
          ],
          `-${task.id}`,
        ),
    ),
    decides &&
      request.status === "completed" &&
      detail.accessPackage &&
      form("reissue-package", "Send a new package link", () => ""),
    decides &&
      pending &&
      others.length > 0 &&
      form("duplicate", "Close as a repeat", (field) =>
        field.choice(
          "originalId",
          "Of",
          others.map((other): [string, string] => [
            other.id,
            `${other.trackingNumber} (${kindWords[other.kind]}, ${describeStatus(other.status)})`,
          ]),
        ),
      ),
    decides &&
      pending &&
      form("withdraw", "Withdraw at the requester's wish", (field) => field.text("note", "How and when they asked")),
    role === "admin" &&
      request.status === "appeal_received" &&
      form("appeal-decision", "Decide the appeal", (field) => [
        field.choice(
          "outcome",
          "Outcome",
          appealOutcomes.map((outcome): [string, string] => [outcome, appealOutcomeWords[outcome]]),
        ),
        field.text("explanation", "What the requester reads", { long: true }),
      ]),
    decides &&
      form("notes", "Add an internal note", (field) =>
        field.text("note", "Note (the requester never sees it)", { long: true }),
      ),
  ];
  return forms.filter((one) => one !== false);
}

function requestPage(c: Context<StaffEnv>, detail: Detail, team: TeamMember[], attempt?: Attempt, banner?: unknown) {
  const zone = c.get("ctx").config.BUSINESS_TIMEZONE;
  const when = (at: Date) => readableInstant(at, zone);
  const { request } = detail;
  const names = new Map(team.map((member) => [member.id, member.name]));
  const who = (event: Detail["events"][number]) =>
    event.actorType === "staff" && event.actorId
      ? (names.get(event.actorId) ?? "A former colleague")
      : actionWords(event.actorType);
  return html`${banner ?? ""}
    <dl class="facts">
      <dt>Kind</dt><dd>${kindWords[request.kind]}${request.kind === "access" && request.accessScope === "categories" ? " (categories)" : ""}</dd>
      <dt>Status</dt><dd>${actionWords(describeStatus(request.status))}</dd>
      <dt>Law</dt><dd>${request.jurisdiction}</dd>
      <dt>Received</dt><dd>${when(request.receivedAt)} (${actionWords(request.channel)})</dd>
      <dt>Answer by</dt><dd>${readableDay(request.respondBy)}${detail.respondByBasis ? html` <span class="hint">${detail.respondByBasis}</span>` : ""}</dd>
      ${request.language !== "en" ? html`<dt>Language</dt><dd>${languageNames[request.language]}: write what the requester reads (explanations, reasons, questions) in it</dd>` : ""}
      <dt>Assigned to</dt><dd>${request.assigneeId ? (names.get(request.assigneeId) ?? "A former colleague") : "No one"}</dd>
      <dt>Subject</dt><dd>${request.subjectName} &lt;${request.subjectEmail}&gt;</dd>
      ${request.submitterRole !== "self" ? html`<dt>Filed by</dt><dd>${actionWords(request.submitterRole)}: ${request.submitterName ?? ""}${request.submitterEmail ? html` &lt;${request.submitterEmail}&gt;` : " (no address: we write to the subject)"}</dd>` : ""}
      ${request.flags.length > 0 ? html`<dt>Flags</dt><dd>${request.flags.map((flag) => html`<span class="badge">${flagWords[flag]}</span> `)}</dd>` : ""}
      <dt>Access requests in the 12 months before</dt><dd>${detail.accessRequestsInPrior12Months}</dd>
    </dl>
    <h2>Actions</h2>
    ${actions(c, detail, team, attempt)}
    <h2>Clocks</h2>
    <ul>${request.clocks.map((clock) => html`<li>${actionWords(clock.name)}: ${readableDay(clock.dueOn)} <span class="hint">${clock.basis}</span></li>`)}</ul>
    ${
      detail.appeal
        ? html`<h2>Appeal</h2>
          <dl class="facts">
            <dt>Received</dt><dd>${when(detail.appeal.receivedAt)}</dd>
            <dt>Answer by</dt><dd>${readableDay(detail.appeal.respondBy)} <span class="hint">${detail.appeal.respondByBasis}</span></dd>
            <dt>Statement</dt><dd>${detail.appeal.statement}</dd>
            <dt>Outcome</dt><dd>${detail.appeal.outcome ? appealOutcomeWords[detail.appeal.outcome] : "Not decided yet"}</dd>
          </dl>`
        : ""
    }
    ${
      detail.complaints.length > 0
        ? html`<h2>Complaints about it</h2>
          <ul>${detail.complaints.map(
            (complaint) => html`<li><a href="/staff/complaints/${complaint.id}">${complaint.trackingNumber}</a>:
              ${complaint.status === "open" ? `answer by ${readableDay(complaint.answerBy)}` : "answered"}</li>`,
          )}</ul>`
        : ""
    }
    ${
      detail.tasks.length > 0
        ? html`<h2>Data systems</h2>
          <table><thead><tr><th scope="col">System</th><th scope="col">Status</th><th scope="col">Due</th><th scope="col">Attempts</th></tr></thead>
            <tbody>${detail.tasks.map((task) => html`<tr><td>${task.dataSystem.name}</td><td>${actionWords(task.status)}</td><td>${readableDay(task.dueOn)}</td><td>${task.attempts}</td></tr>`)}</tbody>
          </table>`
        : ""
    }
    ${
      detail.accessPackage
        ? html`<p>Access package: downloaded ${detail.accessPackage.downloads} of ${detail.accessPackage.downloadLimit} times; the link expires ${when(detail.accessPackage.expiresAt)}.</p>`
        : ""
    }
    ${
      detail.parts.length > 0
        ? html`<h2>Parts routed to controllers</h2>
          <ul>${detail.parts.map((part) => html`<li><a href="/staff/requests/${part.id}">${part.trackingNumber}</a>: ${part.controller.legalName}, ${describeStatus(part.status)}</li>`)}</ul>`
        : ""
    }
    <h2>Messages</h2>
    <table><thead><tr><th scope="col">Message</th><th scope="col">To</th><th scope="col">State</th><th scope="col">Sent</th></tr></thead>
      <tbody>${detail.messages.map((message) => html`<tr><td>${actionWords(message.template)}</td><td>${message.recipient}</td><td>${actionWords(message.state)}</td><td>${message.sentAt ? when(message.sentAt) : ""}</td></tr>`)}</tbody>
    </table>
    ${
      detail.documents.length > 0
        ? html`<h2>Documents</h2><ul>${detail.documents.map((document) => html`<li>${actionWords(document.kind)} (${document.mediaType}, ${document.sizeBytes} bytes), ${when(document.createdAt)}</li>`)}</ul>`
        : ""
    }
    ${
      detail.related.length > 0
        ? html`<h2>The subject's other requests</h2>
          <ul>${detail.related.map((other) => html`<li><a href="/staff/requests/${other.id}">${other.trackingNumber}</a>: ${kindWords[other.kind]}, ${describeStatus(other.status)}</li>`)}</ul>`
        : ""
    }
    <h2>Timeline</h2>
    <ol class="timeline">
      ${detail.events.map((event) => html`<li><span class="when">${when(event.at)}</span> ${actionWords(event.action)}, by ${who(event)}</li>`)}
    </ol>
    <p><a href="/v1/review/requests/${request.id}/audit?format=csv">Download this request's audit trail (CSV)</a> · <a href="/staff">Back to the queue</a></p>`;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function load(c: Context<StaffEnv>, id: string) {
  if (!uuid.test(id)) return undefined;
  try {
    const [detail, team] = await Promise.all([
      describeRequest({ ctx: c.get("ctx"), input: { requestId: id } }),
      listTeam(c.get("ctx").db),
    ]);
    return { detail, team };
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return undefined;
    throw error;
  }
}

function missing(c: Context<StaffEnv>) {
  const name = c.get("ctx").config.COMPANY_NAME;
  return c.html(page("No such request", name, html`<p><a href="/staff">Back to the queue</a></p>`), 404);
}

/**
 * A request's page on the desk: its facts, clocks with their basis, tasks, messages, documents, appeal and timeline,
 * and each action as a form carrying the version it was loaded at. An action refused comes back with what was typed
 * and the reason beside the field; a stale one says what changed since the page was loaded.
 */
export const deskRequestPages = new Hono<StaffEnv>()
  .get("/staff/requests/:id", everyone, async (c) => {
    const loaded = await load(c, c.req.param("id"));
    if (!loaded) return missing(c);
    return deskPage(c, `Request ${loaded.detail.request.trackingNumber}`, requestPage(c, loaded.detail, loaded.team));
  })
  .post("/staff/requests/:id/act/:action", limitBody(256 * 1024, "A form"), everyone, async (c) => {
    const ctx = c.get("ctx");
    const actor = c.get("actor");
    const id = c.req.param("id");
    const spec = actionSpecs.get(c.req.param("action"));
    if (!spec || !uuid.test(id)) return missing(c);
    const form = await readForm(c);
    /** The request's page as it now stands, with the action's outcome: done, or refused with what was typed. */
    const answer = async (
      outcome: { errors: Record<string, string> } | { done: true },
      status: 200 | 403 | 404 | 409 | 422 | 429,
      banner?: (detail: Detail) => unknown,
    ) => {
      const now = await load(c, id);
      if (!now) return missing(c);
      const attempt = "errors" in outcome ? { action: spec.name, typed: form, errors: outcome.errors } : undefined;
      const title = `Request ${now.detail.request.trackingNumber}`;
      return deskPage(c, title, requestPage(c, now.detail, now.team, attempt, banner?.(now.detail)), status);
    };
    if (!(spec.roles ?? defaultRoles).includes(actor.role)) {
      return answer({ errors: { form: "Your role does not allow this." } }, 403);
    }
    const parsed = spec.body.safeParse(bodyOf(form));
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of fieldIssues(parsed.error)) errors[issue.field] ??= issue.message;
      return answer({ errors }, 422);
    }
    try {
      const result = await spec.run({ ctx, actor, input: { ...(parsed.data as object), requestId: id } as never });
      const warnings = "warnings" in result && Array.isArray(result.warnings) ? (result.warnings as string[]) : [];
      return answer(
        { done: true },
        200,
        () => html`<div class="notice" role="status"><p>Done: ${actionWords(spec.name.replaceAll("-", "_"))}.</p>
          ${warnings.map((warning) => html`<p>${warning}</p>`)}</div>`,
      );
    } catch (error) {
      if (error instanceof StaleVersion) {
        const seen = Number(form.seen) || 0;
        return answer({ errors: {} }, 409, (detail) => {
          const changes = detail.events.filter((event) => event.id > seen);
          return html`<div class="notice" role="alert"><p>Someone changed this request since you loaded it, so
              nothing was done. What changed:</p>
            <ul>${changes.map((event) => html`<li>${readableInstant(event.at, ctx.config.BUSINESS_TIMEZONE)}: ${actionWords(event.action)}</li>`)}</ul>
            <p>Check the form below, now at the current version, and send it again if it still stands.</p></div>`;
        });
      }
      if (!(error instanceof DomainError)) throw error;
      const errors: Record<string, string> = { form: error.message };
      for (const issue of error.issues) errors[issue.field] ??= issue.message;
      const status = statusOfError(error.code);
      return answer({ errors }, status === 403 || status === 404 || status === 422 || status === 429 ? status : 409);
    }
  });
