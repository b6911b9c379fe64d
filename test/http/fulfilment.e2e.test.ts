import { and, eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../src/db/schema/index.js";
import { unseal } from "../../src/security/secrets.js";
import { reachablePostgres, scratchDatabase } from "../support/database.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { reviewableRequest } from "../support/verification.js";
import { signCallback, startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

/**
 * Fulfilment end to end, over HTTP: two webhook systems (servers started here), a manual system and the built-in
 * PostgreSQL connector take an opt-out, an access request, a deletion and a correction from intake to completion,
 * with a webhook that fails and is retried, forged and replayed callbacks refused, and a package download refused
 * after its limit and once expired. The connector needs a PostgreSQL server (in the PGlite pass, the local one).
 */
const server = await reachablePostgres();
if (!server) console.warn("fulfilment.e2e.test.ts: skipped, no PostgreSQL server answers (set DATABASE_URL)");

let h: Harness;
let admin: StaffMember;
let reviewer: StaffMember;
let crm: WebhookReceiver & { id: string };
let ads: WebhookReceiver & { id: string };
let company: Awaited<ReturnType<typeof scratchDatabase>>;
let shop: postgres.Sql;
let checkToken: string;

async function register(body: Record<string, unknown>) {
  const res = await admin.post("/v1/admin/data-systems", {
    owner: { name: "Sam Owner", email: "sam@example.com" },
    ...body,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return json(res);
}

async function webhookSystem(name: string, extra: Record<string, unknown>) {
  const receiver = await startWebhookReceiver();
  const { system, webhookSecret } = await register({ name, reach: "webhook", webhookUrl: receiver.url, ...extra });
  return Object.assign(receiver, { id: system.id as string, secret: webhookSecret as string });
}

beforeAll(async () => {
  if (!server) return;
  h = await createHarness({ PACKAGE_DOWNLOAD_LIMIT: 2 });
  h.setNow(new Date());
  admin = await staffMember(h, "admin");
  reviewer = await staffMember(h, "reviewer");
  crm = await webhookSystem("CRM", {
    requestKinds: ["access", "deletion", "correction", "opt_out"],
    categories: [{ category: "identifiers", sources: ["You"], purposes: ["Accounts"], recipients: ["Hosting"] }],
    correctableFields: ["display_name"],
  });
  ads = await webhookSystem("Ads platform", {
    requestKinds: ["opt_out", "deletion"],
    categories: [{ category: "inferences", purposes: ["Advertising"], recipients: ["Ad networks"] }],
  });
  await register({
    name: "Billing",
    reach: "manual",
    requestKinds: ["access", "deletion"],
    categories: [{ category: "commercial", sources: ["Payment processors"], purposes: ["Invoices"] }],
  });
  company = await scratchDatabase(server, { migrated: false });
  shop = postgres(company.url, { max: 1, onnotice: () => {} });
  await shop.unsafe("create table customers (id serial primary key, email text not null, name text, tier text)");
  await register({
    name: "Shop",
    reach: "postgres",
    connectionUrl: company.url,
    requestKinds: ["access", "deletion"],
    categories: [{ category: "customer_records", purposes: ["Orders"] }],
    tables: [
      {
        table: "customers",
        subjectColumn: "email",
        identifiedBy: "email",
        exportColumns: ["name", "tier"],
        deletion: { action: "delete_rows" },
      },
    ],
  });
  const issued = await admin.post(`/v1/admin/data-systems/${crm.id}/tokens`, { label: "checks" });
  checkToken = (await json(issued)).token;
}, 60_000);

afterAll(async () => {
  if (!server) return;
  await Promise.all([crm.close(), ads.close(), shop.end()]);
  await h.close();
  await company.drop();
});

const detail = async (id: string) => json(await reviewer.get(`/v1/review/requests/${id}`));
const taskOf = async (id: string, system: string) =>
  (await detail(id)).tasks.find((task: { dataSystem: { name: string } }) => task.dataSystem.name === system);
const later = (seconds: number) => h.setNow(new Date(h.ctx.now().getTime() + seconds * 1000));
const jobFor = (receiver: WebhookReceiver, taskId: string) =>
  receiver.received.map((one) => ({ ...one, job: JSON.parse(one.body) })).find((one) => one.job.data.taskId === taskId);

function callback(system: { id: string; secret: string }, report: unknown, headers?: Record<string, string>) {
  const body = JSON.stringify(report);
  return h.app.request(`/v1/data-systems/${system.id}/callbacks`, {
    method: "POST",
    headers: headers ?? signCallback(system.secret, body, h.ctx.now()),
    body,
  });
}

const suppressionOf = async (email: string) => {
  const res = await h.app.request("/v1/suppressions/check", {
    method: "POST",
    headers: { authorization: `Bearer ${checkToken}`, "content-type": "application/json" },
    body: JSON.stringify({ identifiers: [{ type: "email", value: email }] }),
  });
  return Object.fromEntries(
    (await json(res)).items[0].scopes.map((one: { scope: string; state: string }) => [one.scope, one.state]),
  );
};

async function latestSealed(requestId: string, template: string) {
  const rows = await h.ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.requestId, requestId), eq(outbox.template, template)))
    .orderBy(outbox.id);
  const row = rows.at(-1);
  if (!row) throw new Error(`no ${template} owed`);
  return { sealed: unseal(h.ctx.config.TOKEN_SECRET, String(row.payload.sealed)), payload: row.payload };
}

const form = (path: string, fields: Record<string, string> = {}) =>
  h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

describe.skipIf(!server)("fulfilment end to end", () => {
  it("an opt-out binds at once, survives a failing webhook, refuses forged and replayed callbacks, and completes", async () => {
    const body = intakeBody({ optOutScopes: ["sale", "sharing"] });
    const receipt = await json(await h.post("/v1/requests", body));
    expect(await suppressionOf(body.subject.email)).toEqual({ sale: "suppressed", sharing: "suppressed" });
    expect((await reviewer.act(receipt.id, "fulfil", { version: 1, scope: "full" })).status).toBe(200);
    ads.answers.push(500);
    await h.dispatch();
    later(61);
    await h.dispatch();
    const crmTask = await taskOf(receipt.id, "CRM");
    const adsTask = await taskOf(receipt.id, "Ads platform");
    expect(adsTask).toMatchObject({ status: "sent", attempts: 2 });
    expect(jobFor(crm, crmTask.id)?.verified).toBe(true);
    expect(ads.received.filter((one) => JSON.parse(one.body).data.taskId === adsTask.id)).toHaveLength(2);

    expect((await callback({ id: crm.id, secret: ads.secret }, { taskId: crmTask.id, outcome: "done" })).status).toBe(
      401,
    );
    const report = JSON.stringify({ taskId: crmTask.id, outcome: "done", summary: "Flagged do-not-sell." });
    const headers = signCallback(crm.secret, report, h.ctx.now());
    const post = () => h.app.request(`/v1/data-systems/${crm.id}/callbacks`, { method: "POST", headers, body: report });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(409);
    expect((await callback(ads, { taskId: adsTask.id, outcome: "done" })).status).toBe(200);
    const done = await detail(receipt.id);
    expect(done.request.status).toBe("completed");
    expect(done.request.updatedAt.slice(0, 10) <= done.request.respondBy).toBe(true);
  });

  it("an access request gathers every system's records into one package behind a code, a limit and an expiry", async () => {
    const body = intakeBody({ kind: "access" });
    await shop`insert into customers (email, name, tier) values (${body.subject.email}, 'Jane Doe', 'gold')`;
    const request = await reviewableRequest(h, body);
    expect((await reviewer.act(request.id, "fulfil", { version: request.version, scope: "full" })).status).toBe(200);
    await h.dispatch();
    expect(await taskOf(request.id, "Shop")).toMatchObject({ status: "done", result: { records: 1 } });

    const crmTask = await taskOf(request.id, "CRM");
    const crmReport = {
      taskId: crmTask.id,
      outcome: "done",
      records: [{ category: "identifiers", record: { email: body.subject.email, ssn: "123-45-6789" } }],
    };
    expect((await callback(crm, crmReport)).status).toBe(200);
    const billing = await taskOf(request.id, "Billing");
    const csv = "invoice,total,card_number\nINV-1,12.50,4242424242424242\n";
    const version = (await detail(request.id)).request.version;
    const uploaded = await h.app.request(
      `/v1/review/requests/${request.id}/tasks/${billing.id}/records?version=${version}&category=commercial`,
      { method: "POST", headers: { authorization: `Bearer ${reviewer.token}`, "content-type": "text/csv" }, body: csv },
    );
    expect(await json(uploaded)).toMatchObject({ records: 1 });
    const closed = await reviewer.act(request.id, "close-task", {
      version: version + 1,
      taskId: billing.id,
      outcome: "done",
      reason: "Exported from the billing console.",
    });
    expect(closed.body.status).toBe("completed");

    const link = new URL((await latestSealed(request.id, "access_package_ready")).sealed.downloadUrl as string)
      .pathname;
    const download = async () => {
      expect((await form(`${link}/code`)).status).toBe(200);
      const { code } = (await latestSealed(request.id, "package_code")).sealed;
      later(61);
      return form(`${link}/download`, { code: code as string });
    };
    const first = await download();
    expect(first.status).toBe(200);
    const files = unzipSync(new Uint8Array(await first.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual([
      "commercial.csv",
      "customer_records.csv",
      "data.json",
      "identifiers.csv",
      "summary.html",
    ]);
    for (const [name, bytes] of Object.entries(files)) {
      const text = new TextDecoder().decode(bytes);
      expect(text, name).not.toContain("123-45-6789");
      expect(text, name).not.toContain("4242424242424242");
    }
    expect(new TextDecoder().decode(files["customer_records.csv"])).toContain("Shop,Jane Doe,gold");
    expect((await download()).status).toBe(200);
    expect((await h.app.request(link)).status).toBe(410);
    const reissued = await reviewer.act(request.id, "reissue-package", {
      version: (await detail(request.id)).request.version,
    });
    expect(reissued.status).toBe(200);
    const fresh = new URL((await latestSealed(request.id, "access_package_ready")).sealed.downloadUrl as string)
      .pathname;
    later(8 * 24 * 3600);
    expect((await h.app.request(fresh)).status).toBe(410);
    h.setNow(new Date());
  });

  it("a deletion runs in every system, reports what was kept and why, and keeps the person off the list", async () => {
    const body = intakeBody({ kind: "deletion" });
    await shop`insert into customers (email, name) values (${body.subject.email}, 'Jane Doe')`;
    const request = await reviewableRequest(h, body);
    expect((await reviewer.act(request.id, "fulfil", { version: request.version, scope: "full" })).status).toBe(200);
    await h.dispatch();
    expect(await taskOf(request.id, "Shop")).toMatchObject({
      status: "done",
      result: { counts: { "public.customers": 1 } },
    });
    expect(await shop`select 1 from customers where email = ${body.subject.email}`).toHaveLength(0);
    for (const [system, report] of [
      [
        crm,
        { outcome: "done", summary: "Profile erased", kept: [{ what: "Support tickets", exception: "legal_claims" }] },
      ],
      [ads, { outcome: "not_applicable" }],
    ] as const) {
      const task = await taskOf(request.id, system === crm ? "CRM" : "Ads platform");
      expect((await callback(system, { taskId: task.id, ...report })).status).toBe(200);
    }
    const billing = await taskOf(request.id, "Billing");
    await reviewer.act(request.id, "close-task", {
      version: (await detail(request.id)).request.version,
      taskId: billing.id,
      outcome: "done",
      reason: "Deleted payment methods.",
      kept: [{ what: "Invoices", exception: "legal_obligation" }],
    });
    expect((await detail(request.id)).request.status).toBe("completed");
    const [decision] = await h.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.requestId, request.id), eq(outbox.template, "decision")));
    expect(decision?.payload.deletion).toMatchObject({
      systems: [
        { system: "Ads platform", deleted: false },
        { system: "Billing", deleted: true },
        { system: "CRM", deleted: true, summary: "Profile erased" },
        { system: "Shop", deleted: true },
      ],
      kept: [
        { system: "Billing", what: "Invoices" },
        { system: "CRM", what: "Support tickets", cite: "GDPR Art. 17(3)(e); Cal. Civ. Code §1798.145(a) (u)" },
      ],
    });
    expect(await suppressionOf(body.subject.email)).toEqual({ deleted: "suppressed" });
  });

  it("a correction reaches only the system that holds the field, with the change made", async () => {
    const body = intakeBody({
      kind: "correction",
      corrections: [
        { field: "Display name", requestedValue: "Jane D." },
        { field: "Favourite colour", requestedValue: "Green" },
      ],
    });
    const request = await reviewableRequest(h, body);
    const decided = await reviewer.act(request.id, "fulfil", {
      version: request.version,
      scope: "full",
      corrections: [
        { field: "Display name", accept: true },
        { field: "Favourite colour", accept: false, reason: "We do not keep it." },
      ],
    });
    expect(decided.status).toBe(200);
    await h.dispatch();
    const { tasks } = await detail(request.id);
    expect(tasks.map((task: { dataSystem: { name: string } }) => task.dataSystem.name)).toEqual(["CRM"]);
    expect(jobFor(crm, tasks[0].id)?.job.data.request.corrections).toEqual([
      { field: "Display name", requestedValue: "Jane D." },
    ]);
    expect((await callback(crm, { taskId: tasks[0].id, outcome: "done" })).status).toBe(200);
    const [decision] = await h.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.requestId, request.id), eq(outbox.template, "decision")));
    expect(decision?.payload).toMatchObject({
      outcome: "partly_fulfilled",
      correction: { made: ["Display name"], refused: [{ field: "Favourite colour", reason: "We do not keep it." }] },
    });
  });
});
