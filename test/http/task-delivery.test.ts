import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { outbox, requestEvents, taskRecords, tasks } from "../../src/db/schema/index.js";
import { unseal } from "../../src/security/secrets.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { reviewableRequest } from "../support/verification.js";
import { signCallback, startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

/**
 * Tasks reaching their systems: signed webhook jobs through the outbox (retried, dead-lettered), signed callbacks
 * (forged, stale and replayed ones refused), and e-mail to a manual system's owner. The harness runs on the real
 * clock, so the receivers can check our signatures with the Standard Webhooks library as any system would.
 */
let h: Harness;
let admin: StaffMember;
let reviewer: StaffMember;
let crm: WebhookReceiver & { id: string };
let ads: WebhookReceiver & { id: string };

async function registerWebhook(name: string, requestKinds: string[]) {
  const receiver = await startWebhookReceiver();
  const res = await admin.post("/v1/admin/data-systems", {
    name,
    reach: "webhook",
    webhookUrl: receiver.url,
    owner: { name: "Owner", email: "owner@example.com" },
    requestKinds,
    categories: [{ category: "identifiers", purposes: ["Accounts"] }],
  });
  const { system, webhookSecret } = await json(res);
  return Object.assign(receiver, { id: system.id as string, secret: webhookSecret as string });
}

beforeAll(async () => {
  h = await createHarness();
  h.setNow(new Date());
  admin = await staffMember(h, "admin");
  reviewer = await staffMember(h, "reviewer");
  crm = await registerWebhook("CRM", ["access", "opt_out"]);
  ads = await registerWebhook("Ads platform", ["opt_out"]);
  await admin.post("/v1/admin/data-systems", {
    name: "Billing",
    reach: "manual",
    owner: { name: "Sam Owner", email: "sam@example.com" },
    requestKinds: ["access"],
    categories: [{ category: "commercial", purposes: ["Invoices"] }],
  });
});
afterAll(async () => {
  await Promise.all([crm.close(), ads.close()]);
  await h.close();
});
beforeEach(() => {
  h.setNow(new Date());
  crm.received.length = 0;
  ads.received.length = 0;
});

const detail = async (id: string) => json(await reviewer.get(`/v1/review/requests/${id}`));
const taskOf = async (requestId: string, system: string) =>
  (await detail(requestId)).tasks.find((task: { dataSystem: { name: string } }) => task.dataSystem.name === system);
const later = (seconds: number) => h.setNow(new Date(h.ctx.now().getTime() + seconds * 1000));

async function fulfilledOptOut() {
  const receipt = await json(await h.post("/v1/requests", intakeBody()));
  expect((await reviewer.act(receipt.id, "fulfil", { version: 1, scope: "full" })).status).toBe(200);
  return receipt.id as string;
}

function callback(system: { id: string; secret: string }, report: unknown, headers: Record<string, string> = {}) {
  const body = JSON.stringify(report);
  return h.app.request(`/v1/data-systems/${system.id}/callbacks`, {
    method: "POST",
    headers: { ...signCallback(system.secret, body, h.ctx.now()), ...headers },
    body,
  });
}

describe("webhook jobs", () => {
  it("are signed, retried after a failure, and the last signed callback completes the request", async () => {
    const requestId = await fulfilledOptOut();
    ads.answers.push(500);
    expect(await h.dispatch()).toMatchObject({ retrying: 1 });
    expect(crm.received).toHaveLength(1);
    const [job] = crm.received;
    expect(job?.verified).toBe(true);
    const sent = JSON.parse(job?.body ?? "{}");
    const crmTask = await taskOf(requestId, "CRM");
    expect(sent).toMatchObject({
      type: "task.opened",
      data: {
        taskId: crmTask.id,
        callbackUrl: `http://localhost:3000/v1/data-systems/${crm.id}/callbacks`,
        request: { kind: "opt_out", jurisdiction: "US-CA", optOutScopes: ["sale"] },
        subject: { name: "Jane Doe" },
      },
    });
    expect(crmTask).toMatchObject({ status: "sent", attempts: 1 });
    expect(await taskOf(requestId, "Ads platform")).toMatchObject({ status: "pending", attempts: 1 });

    later(61);
    expect(await h.dispatch()).toMatchObject({ sent: 1 });
    expect(ads.received).toHaveLength(2);
    expect(ads.received.every((one) => one.verified)).toBe(true);
    // One message, retried: the same webhook-id, so the system can fold a repeat.
    expect(ads.received[1]?.headers["webhook-id"]).toBe(ads.received[0]?.headers["webhook-id"]);
    const adsTask = await taskOf(requestId, "Ads platform");
    expect(adsTask).toMatchObject({ status: "sent", attempts: 2 });

    const crmDone = await callback(crm, { taskId: crmTask.id, outcome: "done", summary: "Opted out." });
    expect(crmDone.status).toBe(200);
    expect(await json(crmDone)).toEqual({ taskId: crmTask.id, status: "done" });
    expect((await detail(requestId)).request.status).toBe("fulfilling");

    const adsDone = await callback(ads, { taskId: adsTask.id, outcome: "done", counts: { audiences: 2 } });
    expect(adsDone.status).toBe(200);
    const after = await detail(requestId);
    expect(after.request.status).toBe("completed");
    expect(after.tasks.map((task: { result: unknown }) => task.result)).toEqual([
      { counts: { audiences: 2 } },
      { summary: "Opted out." },
    ]);
    const trail = await h.ctx.db
      .select({ action: requestEvents.action, actorType: requestEvents.actorType, actorId: requestEvents.actorId })
      .from(requestEvents)
      .where(eq(requestEvents.requestId, requestId))
      .orderBy(requestEvents.id);
    expect(trail.slice(-3)).toEqual([
      { action: "task_reported", actorType: "data_system", actorId: crm.id },
      { action: "task_reported", actorType: "data_system", actorId: ads.id },
      { action: "completed", actorType: "data_system", actorId: ads.id },
    ]);
    const decisions = await h.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.requestId, requestId), eq(outbox.template, "decision")));
    expect(decisions).toHaveLength(1);
  });

  it("that a system never takes become dead letters, and the task shows as failed until staff close it", async () => {
    h.ctx.config.OUTBOX_MAX_ATTEMPTS = 2;
    try {
      const requestId = await fulfilledOptOut();
      ads.answers.push(503, 503);
      await h.dispatch();
      later(61);
      expect(await h.dispatch()).toMatchObject({ dead: 1 });
      const failed = await taskOf(requestId, "Ads platform");
      expect(failed).toMatchObject({ status: "failed", attempts: 2 });
      const [row] = await h.ctx.db.select().from(tasks).where(eq(tasks.id, failed.id));
      expect(row?.lastError).toBe("Error the system answered HTTP 503");
      const [event] = await h.ctx.db
        .select({ action: requestEvents.action, data: requestEvents.data })
        .from(requestEvents)
        .where(and(eq(requestEvents.requestId, requestId), eq(requestEvents.action, "task_failed")));
      expect(event?.data).toMatchObject({ task: failed.id, dataSystem: "Ads platform", undeliverable: true });
      const version = (await detail(requestId)).request.version;
      const closed = await reviewer.act(requestId, "close-task", {
        version,
        taskId: failed.id,
        outcome: "done",
        reason: "Removed the audience by hand in the ads console.",
      });
      expect(closed.status).toBe(200);
    } finally {
      h.ctx.config.OUTBOX_MAX_ATTEMPTS = 12;
    }
  });
});

describe("callbacks", () => {
  it("refuse a forged, a stale and a replayed callback, and a task of another system", async () => {
    const requestId = await fulfilledOptOut();
    await h.dispatch();
    const task = await taskOf(requestId, "CRM");
    const report = { taskId: task.id, outcome: "done" };

    const forged = await callback({ id: crm.id, secret: ads.secret }, report);
    expect(forged.status).toBe(401);
    expect((await json(forged)).detail).toContain("the signature does not match");
    const unknown = await callback({ id: "0b9e7d2c-7f1e-4c3a-9a55-0b7c6d1f9e21", secret: crm.secret }, report);
    expect(unknown.status).toBe(401);
    const body = JSON.stringify(report);
    const stale = signCallback(crm.secret, body, new Date(h.ctx.now().getTime() - 6 * 60_000));
    const staleAnswer = await h.app.request(`/v1/data-systems/${crm.id}/callbacks`, {
      method: "POST",
      headers: stale,
      body,
    });
    expect(staleAnswer.status).toBe(401);
    expect((await json(staleAnswer)).detail).toContain("more than five minutes");
    const tampered = signCallback(crm.secret, body, h.ctx.now());
    const tamperedAnswer = await h.app.request(`/v1/data-systems/${crm.id}/callbacks`, {
      method: "POST",
      headers: tampered,
      body: body.replace("done", "not_applicable"),
    });
    expect(tamperedAnswer.status).toBe(401);
    const longId = signCallback(crm.secret, body, h.ctx.now(), `msg_${"x".repeat(3000)}`);
    const tooLong = await h.app.request(`/v1/data-systems/${crm.id}/callbacks`, {
      method: "POST",
      headers: longId,
      body,
    });
    expect(tooLong.status).toBe(401);
    expect((await json(tooLong)).detail).toContain("at most 256 characters");
    const otherSystem = await callback(ads, report);
    expect(otherSystem.status).toBe(404);
    expect((await taskOf(requestId, "CRM")).status).toBe("sent");

    const headers = signCallback(crm.secret, body, h.ctx.now());
    const first = await h.app.request(`/v1/data-systems/${crm.id}/callbacks`, { method: "POST", headers, body });
    expect(first.status).toBe(200);
    const replayed = await h.app.request(`/v1/data-systems/${crm.id}/callbacks`, { method: "POST", headers, body });
    expect(replayed.status).toBe(409);
    // A new report on a finished task is answered, and changes nothing.
    const again = await callback(crm, { taskId: task.id, outcome: "not_applicable" });
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual({ taskId: task.id, status: "done" });
  });

  it("of a failure leave the task open and failed, for a later report or the team to finish", async () => {
    const requestId = await fulfilledOptOut();
    await h.dispatch();
    const task = await taskOf(requestId, "CRM");
    const failed = await callback(crm, { taskId: task.id, outcome: "failed", summary: "The CRM is being migrated." });
    expect(await json(failed)).toEqual({ taskId: task.id, status: "failed" });
    const [row] = await h.ctx.db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(row).toMatchObject({ status: "failed", lastError: "The CRM is being migrated.", finishedAt: null });
    const retried = await callback(crm, { taskId: task.id, outcome: "done" });
    expect(await json(retried)).toEqual({ taskId: task.id, status: "done" });
  });

  it("refuse a body that is not the report, at its field, once the signature holds", async () => {
    const requestId = await fulfilledOptOut();
    const task = await taskOf(requestId, "CRM");
    const wrong = await callback(crm, { taskId: task.id, outcome: "finished" });
    expect(wrong.status).toBe(422);
    expect((await json(wrong)).errors).toEqual([{ field: "outcome", message: expect.any(String) }]);
    const nul = await callback(crm, {
      taskId: task.id,
      outcome: "done",
      records: [{ category: "identifiers", record: { note: "a\u0000b" } }],
    });
    expect(nul.status).toBe(422);
    const text = "not json";
    const notJson = await h.app.request(`/v1/data-systems/${crm.id}/callbacks`, {
      method: "POST",
      headers: signCallback(crm.secret, text, h.ctx.now()),
      body: text,
    });
    expect(notJson.status).toBe(400);
  });

  it("bring an access request's records in parts, kept for its package", async () => {
    const request = await reviewableRequest(h, intakeBody({ kind: "access", accessScope: "categories" }));
    expect((await reviewer.act(request.id, "fulfil", { version: request.version, scope: "full" })).status).toBe(200);
    await h.dispatch();
    const task = await taskOf(request.id, "CRM");
    // California's right to know reaches back to 2022: the system is told what to export.
    const job = crm.received.map((one) => JSON.parse(one.body)).find((sent) => sent.data.taskId === task.id);
    expect(job.data.request.period).toMatchObject({
      from: "2022-01-01",
      basis: "data collected since 2022-01-01, Cal. Civ. Code §1798.130(a)(2)(B)",
    });
    const record = (n: number) => ({ category: "identifiers", record: { email: "jane@example.com", visit: n } });
    const part = await callback(crm, { taskId: task.id, outcome: "done", records: [record(1), record(2)], more: true });
    expect(await json(part)).toEqual({ taskId: task.id, status: "sent" });
    const last = await callback(crm, { taskId: task.id, outcome: "done", records: [record(3)] });
    expect(await json(last)).toEqual({ taskId: task.id, status: "done" });
    const kept = await h.ctx.db.select().from(taskRecords).where(eq(taskRecords.taskId, task.id));
    expect(kept.map((row) => row.record.visit)).toEqual([1, 2, 3]);
    expect((await taskOf(request.id, "CRM")).result).toEqual({ records: 3 });
    // Billing is a manual system, so the request waits for its owner.
    expect((await detail(request.id)).request.status).toBe("fulfilling");
  });
});

describe("manual systems", () => {
  it("e-mail the owner the task, with the subject's identifiers sealed until it is sent", async () => {
    const request = await reviewableRequest(h, intakeBody({ kind: "access", accessScope: "categories" }));
    expect((await reviewer.act(request.id, "fulfil", { version: request.version, scope: "full" })).status).toBe(200);
    const [mail] = await h.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.requestId, request.id), eq(outbox.template, "task_assigned")));
    expect(mail).toMatchObject({ recipient: "sam@example.com", channel: "mail" });
    expect(JSON.stringify(mail?.payload)).not.toContain("@example.com");
    const sealed = unseal(h.ctx.config.TOKEN_SECRET, String(mail?.payload.sealed));
    expect(sealed.subjectIdentifiers).toMatch(/^Name: Jane Doe\nE-mail: jane\.doe\+\d+@example\.com$/);
    expect(mail?.payload).toMatchObject({
      recipientName: "Sam Owner",
      dataSystem: "Billing",
      kind: "access",
      wantsRecords: true,
      requestUrl: `http://localhost:3000/staff/requests/${request.id}`,
    });
    expect(await taskOf(request.id, "Billing")).toMatchObject({ status: "sent" });
  });
});
