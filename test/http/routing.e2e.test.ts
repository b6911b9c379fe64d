import { asc, eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { reviewableRequest } from "../support/verification.js";
import { signCallback, startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

/**
 * Routing end to end, over HTTP: a deletion request about a person who is a user of two business customers (one
 * by its workforce domain, one by its list of subjects) and whom we also know in our own right. Each controller's
 * part is routed to its webhook (a server started here) and its contacts; one instructs deletion and the other an
 * export; a webhook data system does the work; our own part is verified, decided and completed. Then every message
 * and webhook each party received is read: each was told what it should be, and nothing of anyone else's part.
 */
let h: Harness;
let admin: StaffMember;
let reviewer: StaffMember;
let crm: WebhookReceiver & { id: string };
let acme: WebhookReceiver & { id: string; token: string };
let globex: WebhookReceiver & { id: string; token: string };

const subject = { name: "Pat Doe", email: "pat@acme.example" };

async function controller(body: Record<string, unknown>) {
  const receiver = await startWebhookReceiver();
  const res = await admin.post("/v1/admin/controllers", { ...body, webhookUrl: receiver.url });
  expect(res.status, await res.clone().text()).toBe(201);
  const { controller: registered, webhookSecret } = await json(res);
  const issued = await json(await admin.post(`/v1/admin/controllers/${registered.id}/tokens`, { label: "api" }));
  return Object.assign(receiver, { id: registered.id as string, secret: webhookSecret as string, token: issued.token });
}

beforeAll(async () => {
  h = await createHarness();
  h.setNow(new Date());
  admin = await staffMember(h, "admin");
  reviewer = await staffMember(h, "reviewer");
  const receiver = await startWebhookReceiver();
  const system = await json(
    await admin.post("/v1/admin/data-systems", {
      name: "CRM",
      owner: { name: "Sam Owner", email: "sam@example.com" },
      reach: "webhook",
      webhookUrl: receiver.url,
      requestKinds: ["access", "deletion"],
      categories: [{ category: "identifiers", sources: ["You"], purposes: ["Accounts"], recipients: ["Hosting"] }],
    }),
  );
  crm = Object.assign(receiver, { id: system.system.id as string, secret: system.webhookSecret as string });
  acme = await controller({
    legalName: "Acme Corporation",
    contacts: [{ name: "Ada Privacy", email: "ada@acme.example" }],
    mayBeNamed: true,
    keys: { emailDomains: ["acme.example"] },
  });
  globex = await controller({
    legalName: "Globex Inc.",
    contacts: [{ name: "Gil Counsel", email: "gil@globex.example" }],
    mayBeNamed: false,
    describedAs: "a business customer of ours that runs an online store",
    keys: { subjects: [subject.email] },
  });
});

afterAll(async () => {
  await Promise.all([crm.close(), acme.close(), globex.close()]);
  await h.close();
});

const detail = async (id: string) => json(await reviewer.get(`/v1/review/requests/${id}`));
const asController = (party: { token: string }, path: string, body?: unknown) =>
  h.app.request(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${party.token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const bodies = (receiver: WebhookReceiver) => receiver.received.map((one) => JSON.parse(one.body));
const mailTo = async (recipient: string) =>
  (await h.ctx.db.select().from(outbox).where(eq(outbox.recipient, recipient)).orderBy(asc(outbox.id))).map((row) => ({
    template: row.template,
    requestId: row.requestId,
    payload: row.payload,
    state: row.state,
  }));

function report(taskId: string, extra: Record<string, unknown>) {
  const body = JSON.stringify({ taskId, outcome: "done", ...extra });
  return h.app.request(`/v1/data-systems/${crm.id}/callbacks`, {
    method: "POST",
    headers: signCallback(crm.secret, body, h.ctx.now()),
    body,
  });
}
const jobOf = (requestTracking: string) =>
  bodies(crm).find((job) => job.data.request.trackingNumber === requestTracking)?.data.taskId as string;

describe("a request about two controllers' users and our own data", () => {
  it("is split, routed, instructed, carried out, and each party hears only its own part", async () => {
    const filed = await reviewableRequest(h, intakeBody({ kind: "deletion", jurisdiction: "US-CA", subject }));
    const { parts, scope } = await detail(filed.id);
    expect(scope).toMatchObject({ ours: true, controllers: expect.arrayContaining([expect.anything()]) });
    expect(parts.map((part: { controller: { legalName: string } }) => part.controller.legalName)).toEqual([
      "Acme Corporation",
      "Globex Inc.",
    ]);
    const [acmePart, globexPart] = parts;
    expect(acmePart).toMatchObject({ status: "awaiting_controller", forwardedAt: null });

    // The routed part's clock is the forwarding deadline, with its basis; the law's deadline is the controller's.
    const before = await detail(acmePart.id);
    expect(before.request).toMatchObject({ routedFrom: filed.id, controllerId: acme.id });
    expect(before.request.respondBy).toBe(acmePart.forwardBy);
    expect(before.respondByBasis).toMatch(/contract with Acme Corporation: forward .* within 5 business days/);

    await h.dispatch();
    const [acmeRouted] = bodies(acme);
    expect(acme.received).toHaveLength(1);
    expect(acme.received[0]?.verified).toBe(true);
    expect(acmeRouted).toMatchObject({
      subject_request_id: acmePart.id,
      subject_request_type: "erasure",
      api_version: "2.0",
      subject_identities: [{ identity_type: "email", identity_value: subject.email, identity_format: "raw" }],
      extensions: { rightsdesk: { trackingNumber: acmePart.trackingNumber, jurisdiction: "US-CA" } },
    });
    expect(bodies(globex)).toMatchObject([{ subject_request_id: globexPart.id }]);

    // Forwarded: the part is now due when the controller must answer.
    const forwarded = await detail(acmePart.id);
    expect(forwarded.request.forwardedAt).not.toBeNull();
    expect(forwarded.request.respondBy > acmePart.forwardBy).toBe(true);
    expect(forwarded.respondByBasis).toMatch(/controller's deadline to answer/);

    // Neither controller reaches the other's part, and we cannot act on a part ourselves.
    expect((await asController(acme, `/v1/controller/requests/${globexPart.id}`)).status).toBe(404);
    expect(
      (await asController(globex, `/v1/controller/requests/${acmePart.id}/instructions`, { action: "delete" })).status,
    ).toBe(404);
    const refused = await reviewer.act(acmePart.id, "fulfil", { version: forwarded.request.version, scope: "full" });
    expect(refused.status).toBe(409);

    const readRes = await asController(globex, `/v1/controller/requests/${globexPart.id}`);
    expect(readRes.status, await readRes.clone().text()).toBe(200);
    const read = await json(readRes);
    expect(read.request.extensions.rightsdesk.subject).toMatchObject(subject);
    expect(read.status).toMatchObject({ request_status: "pending", controller_id: globex.id });
    const acked = await asController(globex, `/v1/controller/requests/${globexPart.id}/acknowledge`, {
      reference: "GLX-77",
    });
    expect(await json(acked)).toMatchObject({ extensions: { rightsdesk: { reference: "GLX-77" } } });

    const deleting = await asController(acme, `/v1/controller/requests/${acmePart.id}/instructions`, {
      action: "delete",
    });
    expect(deleting.status, await deleting.clone().text()).toBe(200);
    expect(await json(deleting)).toMatchObject({ request_status: "in_progress" });
    const exporting = await asController(globex, `/v1/controller/requests/${globexPart.id}/instructions`, {
      action: "export",
    });
    expect(await json(exporting)).toMatchObject({ request_status: "in_progress" });
    const again = await asController(acme, `/v1/controller/requests/${acmePart.id}/instructions`, {
      action: "no_action",
      reason: "changed our mind",
    });
    expect(again.status).toBe(409);

    // Our own part proceeds as any request.
    const ours = await reviewer.act(filed.id, "fulfil", {
      version: (await detail(filed.id)).request.version,
      scope: "full",
    });
    expect(ours.status).toBe(200);

    await h.dispatch();
    expect((await report(jobOf(acmePart.trackingNumber), { counts: { accounts: 2 } })).status).toBe(200);
    const found = [{ category: "identifiers", record: { email: subject.email, plan: "gold" } }];
    expect((await report(jobOf(globexPart.trackingNumber), { records: found })).status).toBe(200);
    expect((await report(jobOf((await detail(filed.id)).request.trackingNumber), {})).status).toBe(200);
    for (const id of [filed.id, acmePart.id, globexPart.id])
      expect((await detail(id)).request.status).toBe("completed");
    await h.dispatch();

    // The export goes to the controller that asked for it, by its token.
    const globexStatus = bodies(globex).at(-1);
    expect(globexStatus).toMatchObject({ request_status: "completed", results_count: 1 });
    const zip = await asController(globex, new URL(globexStatus.results_url).pathname);
    expect(zip.status).toBe(200);
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(new TextDecoder().decode(files["data.json"])).toContain('"plan":"gold"');
    expect((await asController(acme, new URL(globexStatus.results_url).pathname)).status).toBe(404);

    // What each party was told, in full.
    expect(bodies(acme).map((one) => one.request_status ?? "routed")).toEqual(["routed", "in_progress", "completed"]);
    expect(bodies(acme).at(-1)).not.toHaveProperty("results_url");
    expect(bodies(globex).map((one) => one.request_status ?? "routed")).toEqual(["routed", "in_progress", "completed"]);
    for (const [party, own, other] of [
      [acme, acmePart, globexPart],
      [globex, globexPart, acmePart],
    ] as const) {
      for (const one of party.received) {
        expect(one.verified).toBe(true);
        expect(one.body).toContain(own.id);
        expect(one.body).not.toContain(other.id);
        expect(one.body).not.toContain(filed.id);
      }
    }
    expect((await mailTo("ada@acme.example")).map((one) => one.template)).toEqual([
      "controller_notice",
      "controller_results",
    ]);
    expect((await mailTo("gil@globex.example")).map((one) => [one.template, one.requestId])).toEqual([
      ["controller_notice", globexPart.id],
      ["controller_results", globexPart.id],
    ]);
    // Written in one statement, so in no particular order: by template, then by part.
    const byTemplate = (a: { template: string; requestId: string | null }, b: typeof a) =>
      a.template.localeCompare(b.template) ||
      [acmePart.id, globexPart.id].indexOf(a.requestId) - [acmePart.id, globexPart.id].indexOf(b.requestId);
    const toSubject = (await mailTo(subject.email)).sort(byTemplate);
    expect(toSubject.map((one) => [one.template, one.requestId])).toEqual([
      ["acknowledgement", filed.id],
      ["decision", filed.id],
      ["routed_to_controller", acmePart.id],
      ["routed_to_controller", globexPart.id],
      ["verification", filed.id],
    ]);
    const [, , toldOfAcme, toldOfGlobex] = toSubject;
    expect(toldOfAcme?.payload).toMatchObject({
      controllerName: "Acme Corporation",
      controllerContacts: ["ada@acme.example"],
    });
    expect(JSON.stringify(toldOfGlobex?.payload)).not.toContain("Globex");
    expect(toldOfGlobex?.payload).toMatchObject({
      controllerDescription: "a business customer of ours that runs an online store",
    });
    expect(toSubject.every((one) => one.state === "sent")).toBe(true);
    // The data system did the three parts' work and heard of nothing else.
    expect(bodies(crm)).toHaveLength(3);
  });
});

describe("a reviewer correcting the scope", () => {
  it("routes a part to a controller the keys missed, and cancels it again, telling the controller", async () => {
    const other = { name: "Robin Roe", email: "robin@elsewhere.example" };
    const filed = await json(await h.post("/v1/requests", intakeBody({ kind: "access", subject: other })));
    expect((await detail(filed.id)).parts).toEqual([]);
    const seen = acme.received.length;

    const add = await reviewer.act(filed.id, "scope", {
      version: (await detail(filed.id)).request.version,
      controllerIds: [acme.id],
      reason: "Robin is a user of Acme's workspace under a personal address.",
    });
    expect(add.status, JSON.stringify(add.body)).toBe(200);
    const [part] = (await detail(filed.id)).parts;
    expect(part).toMatchObject({ controller: { id: acme.id }, status: "awaiting_controller" });
    expect((await reviewer.act(part.id, "scope", { version: 1, controllerIds: [], reason: "no" })).status).toBe(409);
    const same = await reviewer.act(filed.id, "scope", {
      version: add.body.version,
      controllerIds: [acme.id],
      reason: "again",
    });
    expect(same.status).toBe(422);
    await h.dispatch();
    expect(bodies(acme).slice(seen)).toMatchObject([{ subject_request_id: part.id, subject_request_type: "access" }]);

    const remove = await reviewer.act(filed.id, "scope", {
      version: add.body.version,
      controllerIds: [],
      reason: "Robin's workspace belongs to us, not Acme.",
    });
    expect(remove.status, JSON.stringify(remove.body)).toBe(200);
    expect((await detail(part.id)).request.status).toBe("withdrawn");
    await h.dispatch();
    expect(bodies(acme).at(-1)).toMatchObject({ subject_request_id: part.id, request_status: "cancelled" });
    const trail = (await detail(filed.id)).events.map((event: { action: string }) => event.action);
    expect(trail.filter((action: string) => action === "scope_corrected")).toHaveLength(2);
  });
});

describe("a requester withdrawing", () => {
  it("withdraws the parts still waiting for their controllers, and tells each", async () => {
    h.setNow(new Date());
    const filed = await json(
      await h.post("/v1/requests", intakeBody({ kind: "access", subject: { name: "Sam", email: "sam@acme.example" } })),
    );
    const [part] = (await detail(filed.id)).parts;
    await h.dispatch();
    const withdrawn = await reviewer.act(filed.id, "withdraw", {
      version: (await detail(filed.id)).request.version,
      note: "By phone, 2 December.",
    });
    expect(withdrawn.status).toBe(200);
    expect((await detail(part.id)).request.status).toBe("withdrawn");
    await h.dispatch();
    expect(bodies(acme).at(-1)).toMatchObject({ subject_request_id: part.id, request_status: "cancelled" });
  });
});

describe("the sweep over routed parts", () => {
  it("escalates a part not forwarded in time, and reminds a controller that has not instructed", async () => {
    const hooli = await json(
      await admin.post("/v1/admin/controllers", {
        legalName: "Hooli",
        contacts: [{ name: "Gavin", email: "privacy@hooli.example" }],
        mayBeNamed: true,
        forwardingBusinessDays: 2,
        keys: { emailDomains: ["hooli.example"] },
      }),
    );
    const start = new Date("2027-03-01T15:00:00Z"); // a Monday
    h.setNow(start);
    const filed = await json(
      await h.post("/v1/requests", intakeBody({ subject: { name: "Erlich", email: "erlich@hooli.example" } })),
    );
    const [part] = (await detail(filed.id)).parts;
    expect(part).toMatchObject({ controller: { id: hooli.controller.id }, forwardBy: "2027-03-03" });
    const escalations = async () =>
      (await h.ctx.db.select().from(outbox).where(eq(outbox.requestId, part.id))).filter(
        (row) => row.template === "overdue_escalation",
      );

    // Its notice is not out by the forwarding deadline (the mail server was away): the team hears of it.
    h.setNow("2027-03-04T15:00:00Z");
    await h.sweep();
    expect(await escalations()).toHaveLength(1);

    await h.dispatch();
    const forwarded = await detail(part.id);
    expect(forwarded.request.forwardedAt).not.toBeNull();
    const reminders = async () =>
      (await mailTo("privacy@hooli.example")).filter((one) => one.template === "controller_reminder");
    h.setNow("2027-03-08T15:00:00Z");
    await h.sweep();
    expect(await reminders()).toHaveLength(0);
    h.setNow("2027-03-11T15:00:00Z");
    expect((await h.sweep()).controllerReminders).toBe(1);
    expect((await h.sweep()).controllerReminders).toBe(0);
    expect((await reminders())[0]?.payload).toMatchObject({ acknowledged: false, forwardedOn: "2027-03-04" });
    h.setNow("2027-03-18T15:00:00Z");
    expect((await h.sweep()).controllerReminders).toBe(1);
    const hooliToken = await json(
      await admin.post(`/v1/admin/controllers/${hooli.controller.id}/tokens`, { label: "t" }),
    );
    await asController(hooliToken, `/v1/controller/requests/${part.id}/instructions`, { action: "answered" });
    h.setNow("2027-03-25T15:00:00Z");
    expect((await h.sweep()).controllerReminders).toBe(0);
    expect((await detail(part.id)).request).toMatchObject({ status: "completed", outcome: "answered_by_controller" });
    h.setNow(new Date());
  });
});
