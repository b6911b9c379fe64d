import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import type { AppContext } from "../../context.js";
import { type ActedBy, staffRoles } from "../../domain/actor.js";
import { readableDay } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { limitBody } from "../../http/body-limit.js";
import { readForm } from "../../http/form-body.js";
import { emailAddress, line } from "../../http/shared-schemas.js";
import type { StaffEnv } from "../../http/staff-auth.js";
import { changeAgent, listAgents } from "../../modules/agents/directory.js";
import { agentIdPattern } from "../../modules/agents/schemas.js";
import { listOpenAppeals } from "../../modules/appeals/list-appeals.js";
import { changeController, listControllers } from "../../modules/controllers/registry.js";
import { changeDataSystem, listDataSystems } from "../../modules/data-systems/registry.js";
import { listDeadLetters, retryDeadLetter } from "../../modules/outbox/dead-letters.js";
import { changeStaffRole } from "../../modules/staff/staff-tokens.js";
import { addTeamMember, listTeam } from "../../modules/staff/team.js";
import { admins, csrfField, deskPage, done, everyone, refused, staffPage, when } from "./frame.js";
import { actionWords, kindWords } from "./words.js";

const by = (c: Context<StaffEnv>) => ({ actor: c.get("actor"), at: c.get("ctx").now() });

const newMember = z
  .object({
    name: line(200),
    email: emailAddress,
    role: z.enum(staffRoles),
    password: z.string().min(12, "must be at least 12 characters").max(1024),
  })
  .strict();
const roleChange = z.object({ email: emailAddress, role: z.enum(staffRoles) });
/** Turning a registered thing on or off: a data system or controller by its uuid, an agent by its directory id. */
const toggleOf = (id: z.ZodType<string>) =>
  z.object({ id, version: z.coerce.number().int().positive(), enabled: z.enum(["yes", "no"]) });
const byUuid = toggleOf(z.uuid());
const byAgentId = toggleOf(z.string().regex(agentIdPattern));
const outboxId = z.object({ id: z.coerce.number().int().positive() });
const formFields = (form: Record<string, string>) =>
  Object.fromEntries(Object.entries(form).filter(([name]) => name !== "_csrf"));

async function teamPage(c: Context<StaffEnv>, banner: unknown = "", typed: Record<string, string> = {}) {
  const team = await listTeam(c.get("ctx").db);
  return html`${banner}
    <table>
      <thead><tr><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">Active</th><th scope="col">Change the role</th></tr></thead>
      <tbody>${team.map(
        (member) => html`<tr><td>${member.name}</td><td>${member.email}</td><td>${actionWords(member.role)}</td>
          <td>${member.active ? "Yes" : "No"}</td>
          <td><form method="post" action="/staff/team/role" class="inline">${csrfField(c)}
            <input type="hidden" name="email" value="${member.email}" />
            <label for="role-${member.id}" class="visually-hidden">Role of ${member.name}</label>
            <select id="role-${member.id}" name="role">${staffRoles.map((role) => html`<option value="${role}" ${role === member.role ? "selected" : ""}>${actionWords(role)}</option>`)}</select>
            <button type="submit">Change</button></form></td></tr>`,
      )}</tbody>
    </table>
    <h2>Add a colleague</h2>
    <form method="post" action="/staff/team">${csrfField(c)}
      <label for="name">Name</label><input id="name" name="name" value="${typed.name ?? ""}" required />
      <label for="email">E-mail</label><input id="email" name="email" type="email" value="${typed.email ?? ""}" required />
      <label for="role">Role</label>
      <select id="role" name="role">${staffRoles.map((role) => html`<option value="${role}" ${typed.role === role ? "selected" : ""}>${actionWords(role)}</option>`)}</select>
      <label for="password">A first password (at least 12 characters; they change it with <code>npm run cli -- staff:password</code>)</label>
      <input id="password" name="password" type="password" required minlength="12" autocomplete="new-password" />
      <button type="submit">Add</button>
    </form>`;
}

async function systemsPage(c: Context<StaffEnv>, banner: unknown = "") {
  const systems = await listDataSystems(c.get("ctx").db);
  return html`${banner}
    <p>Register and change systems through the API (<a href="/docs">reference</a>); here you see them and turn them on or off.</p>
    <table>
      <thead><tr><th scope="col">System</th><th scope="col">Owner</th><th scope="col">Reached by</th><th scope="col">Requests</th><th scope="col">Gets work</th></tr></thead>
      <tbody>${systems.map(
        (system) => html`<tr><td>${system.name}</td><td>${system.owner.name} &lt;${system.owner.email}&gt;</td>
          <td>${actionWords(system.reach)}</td><td>${system.requestKinds.map((kind) => kindWords[kind]).join(", ")}</td>
          <td>${toggleForm(c, "/staff/data-systems", system)}</td></tr>`,
      )}</tbody>
    </table>`;
}

async function controllersPage(c: Context<StaffEnv>, banner: unknown = "") {
  const list = await listControllers(c.get("ctx").db);
  return html`${banner}
    <p>The customers whose data we hold as their processor. Register and change them through the API (<a href="/docs">reference</a>).</p>
    <table>
      <thead><tr><th scope="col">Controller</th><th scope="col">Contacts</th><th scope="col">Forward within</th><th scope="col">Gets requests</th></tr></thead>
      <tbody>${list.map(
        (controller) => html`<tr><td>${controller.legalName}</td>
          <td>${controller.contacts.map((contact) => `${contact.name} <${contact.email}>`).join(", ")}</td>
          <td>${controller.forwardingBusinessDays} business days</td>
          <td>${toggleForm(c, "/staff/controllers", controller)}</td></tr>`,
      )}</tbody>
    </table>`;
}

function toggleForm(c: Context<StaffEnv>, action: string, item: { id: string; version: number; enabled: boolean }) {
  return html`<form method="post" action="${action}" class="inline">${csrfField(c)}
      <input type="hidden" name="id" value="${item.id}" /><input type="hidden" name="version" value="${item.version}" />
      <input type="hidden" name="enabled" value="${item.enabled ? "no" : "yes"}" />
      ${item.enabled ? "Yes" : "No"} <button type="submit">${item.enabled ? "Turn off" : "Turn on"}</button></form>`;
}

async function agentsPage(c: Context<StaffEnv>, banner: unknown = "") {
  const agents = await listAgents(c.get("ctx").db);
  return html`${banner}
    <p>Authorized agents' services that file requests by the Data Rights Protocol. Add them with
      <code>npm run cli -- agents:add</code> or import the consortium's agents.json (<a href="/docs">reference</a>).
      We write to an agent as the filer at its contact e-mail (technical or business); with none listed, we write to
      the consumer alone.</p>
    ${agents.length === 0 ? html`<p>No agent is listed yet.</p>` : ""}
    <table>
      <thead><tr><th scope="col">Agent</th><th scope="col">Id</th><th scope="col">Contact</th><th scope="col">Token set up</th><th scope="col">Takes requests</th></tr></thead>
      <tbody>${agents.map(
        (agent) => html`<tr><td>${agent.name}</td><td><code>${agent.id}</code></td>
          <td>${agent.technical_contact ?? agent.business_contact ?? ""}</td><td>${agent.paired ? "Yes" : "Not yet"}</td>
          <td>${toggleForm(c, "/staff/agents", agent)}</td></tr>`,
      )}</tbody>
    </table>`;
}

async function deadLettersPage(c: Context<StaffEnv>, banner: unknown = "") {
  const letters = await listDeadLetters(c.get("ctx").db);
  return html`${banner}
    <p>Messages and work the outbox gave up on after its retries. Fix the cause (a mail server, a system's address), then send them again.</p>
    ${letters.length === 0 ? html`<p>None: everything owed was delivered.</p>` : ""}
    <table>
      <thead><tr><th scope="col">Message</th><th scope="col">Request</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">Owed since</th><th scope="col"></th></tr></thead>
      <tbody>${letters.map(
        (
          letter,
        ) => html`<tr><td>${actionWords(letter.template)}</td><td>${letter.trackingNumber ?? ""}</td><td>${letter.attempts}</td>
          <td>${letter.lastError ?? ""}</td><td>${when(c, letter.createdAt)}</td>
          <td><form method="post" action="/staff/dead-letters" class="inline">${csrfField(c)}
            <input type="hidden" name="id" value="${letter.id}" /><button type="submit">Send again</button></form></td></tr>`,
      )}</tbody>
    </table>`;
}

/** A change refused by its use case comes back on the same page with the reason. */
async function attempt(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
}

const auditors = staffPage("admin", "auditor");

/** Turns a data system or a controller on or off at the version the page showed, and shows the list again. */
async function switchOnOrOff(
  c: Context<StaffEnv>,
  title: string,
  list: (c: Context<StaffEnv>, banner?: unknown) => Promise<unknown>,
  change: (
    ctx: AppContext,
    id: string,
    change: { version: number; enabled: boolean },
    acted: ActedBy,
  ) => Promise<unknown>,
  toggle = byUuid,
) {
  const parsed = toggle.safeParse(await readForm(c));
  if (!parsed.success) return deskPage(c, title, html`${await list(c, refused("Reload the page."))}`, 422);
  const { id, version, enabled } = parsed.data;
  const failure = await attempt(() => change(c.get("ctx"), id, { version, enabled: enabled === "yes" }, by(c)));
  const banner = failure ? refused(failure) : done("Changed.");
  return deskPage(c, title, html`${await list(c, banner)}`, failure ? 409 : 200);
}

/**
 * The desk's other pages: open appeals for everyone; the team, data systems, controllers and dead letters for
 * admins; the audit export for admins and auditors (a form onto the export API, which the session cookie reaches).
 */
export const deskAdminPages = new Hono<StaffEnv>()
  .get("/staff/appeals", everyone, async (c) => {
    const open = await listOpenAppeals(c.get("ctx").db);
    return deskPage(
      c,
      "Appeals to decide",
      html`<p>An admin who did not make the first decision decides each one.</p>
        ${open.length === 0 ? html`<p>No appeal is waiting.</p>` : ""}
        <table>
          <thead><tr><th scope="col">Request</th><th scope="col">Law</th><th scope="col">Received</th><th scope="col">Answer by</th></tr></thead>
          <tbody>${open.map(
            (appeal) => html`<tr><td><a href="/staff/requests/${appeal.requestId}">${appeal.trackingNumber}</a></td>
              <td>${appeal.jurisdiction}</td><td>${when(c, appeal.receivedAt)}</td><td>${readableDay(appeal.respondBy)}</td></tr>`,
          )}</tbody>
        </table>`,
    );
  })
  .get("/staff/team", admins, async (c) => deskPage(c, "The team", await teamPage(c)))
  .post("/staff/team", limitBody(16 * 1024, "A form"), admins, async (c) => {
    const form = formFields(await readForm(c));
    const parsed = newMember.safeParse(form);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ");
      return deskPage(c, "The team", await teamPage(c, refused(`Not added: ${problems}.`), form), 422);
    }
    const failure = await attempt(() => addTeamMember(c.get("ctx").db, parsed.data, by(c)));
    if (failure) return deskPage(c, "The team", await teamPage(c, refused(failure), form), 409);
    return deskPage(c, "The team", await teamPage(c, done(`${parsed.data.name} can now sign in.`)), 201);
  })
  .post("/staff/team/role", limitBody(16 * 1024, "A form"), admins, async (c) => {
    const parsed = roleChange.safeParse(await readForm(c));
    if (!parsed.success) return deskPage(c, "The team", await teamPage(c, refused("Choose a role.")), 422);
    await changeStaffRole(c.get("ctx").db, parsed.data.email, parsed.data.role, by(c));
    return deskPage(c, "The team", await teamPage(c, done(`${parsed.data.email} is now ${parsed.data.role}.`)));
  })
  .get("/staff/data-systems", admins, async (c) => deskPage(c, "Data systems", await systemsPage(c)))
  .post("/staff/data-systems", limitBody(16 * 1024, "A form"), admins, (c) =>
    switchOnOrOff(c, "Data systems", systemsPage, (ctx, id, change, acted) =>
      changeDataSystem(ctx.db, ctx.config.TOKEN_SECRET, id, change, acted),
    ),
  )
  .get("/staff/controllers", admins, async (c) => deskPage(c, "Controllers", await controllersPage(c)))
  .post("/staff/controllers", limitBody(16 * 1024, "A form"), admins, (c) =>
    switchOnOrOff(c, "Controllers", controllersPage, (ctx, id, change, acted) =>
      changeController(ctx.db, ctx.config.TOKEN_SECRET, id, change, acted),
    ),
  )
  .get("/staff/agents", admins, async (c) => deskPage(c, "Authorized agents", await agentsPage(c)))
  .post("/staff/agents", limitBody(16 * 1024, "A form"), admins, (c) =>
    switchOnOrOff(
      c,
      "Authorized agents",
      agentsPage,
      (ctx, id, change, acted) => changeAgent(ctx.db, id, change, acted),
      byAgentId,
    ),
  )
  .get("/staff/dead-letters", admins, async (c) => deskPage(c, "Dead letters", await deadLettersPage(c)))
  .post("/staff/dead-letters", limitBody(16 * 1024, "A form"), admins, async (c) => {
    const parsed = outboxId.safeParse(await readForm(c));
    if (!parsed.success) return deskPage(c, "Dead letters", await deadLettersPage(c, refused("Reload the page.")), 422);
    const failure = await attempt(() => retryDeadLetter(c.get("ctx").db, parsed.data.id, by(c)));
    const banner = failure ? refused(failure) : done("Queued again: the outbox sends it within a minute.");
    return deskPage(c, "Dead letters", await deadLettersPage(c, banner), failure ? 404 : 200);
  })
  .get("/staff/audit", auditors, (c) => {
    const today = new Date(c.get("ctx").now()).toISOString().slice(0, 10);
    return deskPage(
      c,
      "Audit export",
      html`<p>Every entry of both trails (requests' and the product's own records) over a period, oldest first, with
          each entry's hash. The check that no entry was changed: <a href="/v1/audit/verify">verify the trails</a>.</p>
        <form method="get" action="/v1/audit/events">
          <label for="from">From (the day's start)</label><input id="from" name="from" type="date" required value="${today.slice(0, 8)}01" />
          <label for="to">To (the day's end)</label><input id="to" name="to" type="date" required value="${today}" />
          <label for="format">Format</label>
          <select id="format" name="format"><option value="csv">CSV</option><option value="json">JSON</option></select>
          <button type="submit">Download</button>
        </form>`,
    );
  });
