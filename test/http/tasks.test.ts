import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, requestEvents } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { reviewableRequest } from "../support/verification.js";

let h: Harness;
let admin: StaffMember;
let reviewer: StaffMember;
beforeAll(async () => {
  h = await createHarness();
  h.setNow("2026-11-20T15:00:00Z");
  admin = await staffMember(h, "admin");
  reviewer = await staffMember(h, "reviewer");
  const register = async (name: string, reach: string, requestKinds: string[], enabled = true) => {
    const res = await admin.post("/v1/admin/data-systems", {
      name,
      reach,
      ...(reach === "webhook" ? { webhookUrl: "https://example.com/jobs" } : {}),
      owner: { name: "Owner", email: "owner@example.com" },
      requestKinds,
      categories: [{ category: "identifiers", purposes: ["Accounts"] }],
    });
    const { system } = await json(res);
    if (!enabled) {
      await h.app.request(`/v1/admin/data-systems/${system.id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
        body: JSON.stringify({ version: 1, enabled: false }),
      });
    }
  };
  await register("Billing", "manual", ["opt_out", "deletion"]);
  await register("CRM", "webhook", ["opt_out"]);
  await register("Old CRM", "manual", ["opt_out"], false);
  await register("Warehouse", "manual", ["access"]);
});
afterAll(() => h.close());

const detail = async (id: string) => json(await reviewer.get(`/v1/review/requests/${id}`));

async function fulfilledOptOut() {
  const receipt = await json(await h.post("/v1/requests", intakeBody()));
  const fulfilled = await reviewer.act(receipt.id, "fulfil", { version: 1, scope: "full" });
  expect(fulfilled.status).toBe(200);
  return { id: receipt.id as string, version: fulfilled.body.version as number, respondBy: receipt.respondBy };
}

describe("data systems' tasks", () => {
  it("open on fulfil, one for each enabled system that handles the kind, due five business days before the deadline", async () => {
    const request = await fulfilledOptOut();
    const { tasks } = await detail(request.id);
    // Opt-out in California: 15 business days from 2026-11-20 is 2026-12-14; five business days before, 12-07.
    expect(request.respondBy).toBe("2026-12-14");
    expect(tasks.map((task: { dataSystem: { name: string } }) => task.dataSystem.name)).toEqual(["Billing", "CRM"]);
    for (const task of tasks) expect(task).toMatchObject({ dueOn: "2026-12-07", attempts: 0 });
    // The manual system's owner was e-mailed the task in the same transaction; the webhook's job is still owed.
    expect(tasks.map((task: { status: string }) => task.status)).toEqual(["sent", "pending"]);
  });

  it("keep a request from being completed by hand while any is open", async () => {
    const request = await fulfilledOptOut();
    const refused = await reviewer.act(request.id, "complete", { version: request.version });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe("2 data systems' tasks are still open: close them first.");
  });

  it("close by hand on the trail, and the last one completes the request and sends its decision", async () => {
    const request = await fulfilledOptOut();
    const [billing, crm] = (await detail(request.id)).tasks;
    const first = await reviewer.act(request.id, "close-task", {
      version: request.version,
      taskId: billing.id,
      outcome: "done",
      reason: "Opted out in the billing console.",
    });
    expect(first.status).toBe(200);
    expect(first.body.status).toBe("fulfilling");
    const again = await reviewer.act(request.id, "close-task", {
      version: first.body.version,
      taskId: billing.id,
      outcome: "done",
      reason: "Twice.",
    });
    expect(again.status).toBe(409);
    const last = await reviewer.act(request.id, "close-task", {
      version: first.body.version,
      taskId: crm.id,
      outcome: "not_applicable",
      reason: "The CRM never sells or shares.",
    });
    expect(last.status).toBe(200);
    expect(last.body.status).toBe("completed");

    const after = await detail(request.id);
    expect(after.request.status).toBe("completed");
    expect(after.tasks).toMatchObject([
      { status: "done", closedReason: "Opted out in the billing console.", closedBy: reviewer.id },
      { status: "not_applicable", closedReason: "The CRM never sells or shares." },
    ]);
    const trail = await h.ctx.db
      .select({ action: requestEvents.action, data: requestEvents.data })
      .from(requestEvents)
      .where(eq(requestEvents.requestId, request.id))
      .orderBy(requestEvents.id);
    expect(trail.slice(-3).map((event) => event.action)).toEqual(["task_closed", "task_closed", "completed"]);
    expect(trail.at(-2)?.data).toMatchObject({ task: crm.id, dataSystem: "CRM", outcome: "not_applicable" });
    expect(JSON.stringify(trail)).not.toContain("never sells");
    const decisions = await h.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.requestId, request.id), eq(outbox.template, "decision")));
    expect(decisions).toHaveLength(1);
  });

  it("refuse a task of another request, and an outcome that is not an end", async () => {
    const one = await fulfilledOptOut();
    const other = await fulfilledOptOut();
    const [foreign] = (await detail(other.id)).tasks;
    const wrong = { version: one.version, taskId: foreign.id, outcome: "done", reason: "Done." };
    expect((await reviewer.act(one.id, "close-task", wrong)).status).toBe(404);
    const [own] = (await detail(one.id)).tasks;
    const pending = { version: one.version, taskId: own.id, outcome: "pending", reason: "Hm." };
    expect((await reviewer.act(one.id, "close-task", pending)).status).toBe(422);
  });
});

describe("tasks behind", () => {
  const mailOf = async (requestId: string, template: string) =>
    h.ctx.db
      .select({ key: outbox.idempotencyKey, recipient: outbox.recipient, payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.requestId, requestId), eq(outbox.template, template)))
      .orderBy(outbox.id);
  const queue = async (query: string) => json(await reviewer.get(`/v1/review/requests?${query}`));

  it("show in the queue when late, remind their owners, and escalate with their request", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const request = await fulfilledOptOut();
    try {
      h.setNow("2026-12-06T15:00:00Z");
      await h.sweep();
      const dueSoon = await mailOf(request.id, "task_reminder");
      // One statement owes them all, in no particular order.
      const bySystem = (a: { payload: Record<string, unknown> }, b: { payload: Record<string, unknown> }) =>
        String(a.payload.dataSystem).localeCompare(String(b.payload.dataSystem));
      expect(dueSoon.sort(bySystem).map((mail) => mail.payload)).toEqual([
        expect.objectContaining({ dataSystem: "Billing", dueOn: "2026-12-07", failed: false }),
        expect.objectContaining({ dataSystem: "CRM", dueOn: "2026-12-07", failed: false }),
      ]);
      expect(dueSoon[0]?.recipient).toBe("owner@example.com");
      expect(dueSoon[0]?.payload).not.toHaveProperty("daysOverdue");
      const onTime = await queue("flagged=tasks_behind&limit=200");
      expect(onTime.items.map((item: { id: string }) => item.id)).not.toContain(request.id);

      h.setNow("2026-12-09T15:00:00Z");
      const late = await queue("flagged=tasks_behind&limit=200");
      expect(late.items.map((item: { id: string }) => item.id)).toContain(request.id);
      expect(late.counts.tasksBehind).toBeGreaterThanOrEqual(1);
      await h.sweep();
      await h.sweep();
      const reminders = await mailOf(request.id, "task_reminder");
      expect(reminders).toHaveLength(4);
      expect(reminders.slice(2).map((mail) => mail.payload.daysOverdue)).toEqual([2, 2]);

      h.setNow("2026-12-15T15:00:00Z");
      await h.sweep();
      const [escalation] = await mailOf(request.id, "overdue_escalation");
      expect(escalation?.payload).toMatchObject({ daysOverdue: 1, tasksBehind: ["Billing", "CRM"] });
    } finally {
      h.setNow("2026-11-20T15:00:00Z");
    }
  });
});

describe("a manual system's records", () => {
  it("are uploaded as JSON or CSV of one category, each record checked, on the trail by count", async () => {
    const request = await reviewableRequest(h, intakeBody({ kind: "access", accessScope: "specific_pieces" }));
    const fulfilled = await reviewer.act(request.id, "fulfil", { version: request.version, scope: "full" });
    const [warehouse] = (await detail(request.id)).tasks;
    const upload = (version: number, type: string, body: string) =>
      h.app.request(
        `/v1/review/requests/${request.id}/tasks/${warehouse.id}/records?version=${version}&category=commercial`,
        { method: "POST", headers: { authorization: `Bearer ${reviewer.token}`, "content-type": type }, body },
      );
    const v = fulfilled.body.version;
    expect((await upload(v, "text/plain", "x")).status).toBe(415);
    expect((await upload(v, "application/json", "[{")).status).toBe(400);
    const badField = await upload(v, "application/json", JSON.stringify([{ "order#": 1 }]));
    expect(badField.status).toBe(422);
    const nul = await upload(v, "text/csv", "note\na\u0000b\n");
    expect(nul.status).toBe(422);
    const json1 = await upload(v, "application/json", JSON.stringify([{ order: "A-1", total: 10 }]));
    expect(await json(json1)).toMatchObject({ records: 1, version: v + 1 });
    const csv = await upload(v + 1, "text/csv", "order,total\nA-2,20\nA-3,30\n");
    expect(await json(csv)).toMatchObject({ records: 2 });
    const trail = await h.ctx.db
      .select({ data: requestEvents.data })
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, request.id), eq(requestEvents.action, "task_records_uploaded")))
      .orderBy(requestEvents.id);
    expect(trail.map((event) => event.data)).toEqual([
      { task: warehouse.id, dataSystem: "Warehouse", category: "commercial", records: 1 },
      { task: warehouse.id, dataSystem: "Warehouse", category: "commercial", records: 2 },
    ]);
    expect(JSON.stringify(trail)).not.toContain("A-2");
  });
});
