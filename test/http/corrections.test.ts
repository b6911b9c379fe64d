import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../src/db/schema/index.js";
import { createRenderer } from "../../src/mail/render.js";
import { unseal } from "../../src/security/secrets.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { reviewableRequest } from "../support/verification.js";

/**
 * Corrections as change sets: each requested change is decided (made, or refused with a reason), only the systems
 * holding a field that changes get a task with those changes, the requester is told which were made and which not,
 * and in California may file a statement of up to 250 words kept with the record (11 CCR §7023(f)).
 */
let h: Harness;
let reviewer: StaffMember;

beforeAll(async () => {
  h = await createHarness();
  h.setNow("2026-11-20T15:00:00Z");
  const admin = await staffMember(h, "admin");
  reviewer = await staffMember(h, "reviewer");
  for (const [name, correctableFields] of [
    ["Profile", ["display_name", "job_title"]],
    ["Newsletter", ["newsletter_name"]],
  ] as const) {
    const res = await admin.post("/v1/admin/data-systems", {
      name,
      reach: "manual",
      owner: { name: "Owner", email: "owner@example.com" },
      requestKinds: ["correction"],
      categories: [{ category: "identifiers", purposes: ["Accounts"] }],
      correctableFields,
    });
    expect(res.status).toBe(201);
  }
});
afterAll(() => h.close());

const email = "carla.corrected@example.com";
const asked = {
  kind: "correction" as const,
  subject: { name: "Carla", email },
  corrections: [
    { field: "Display name", currentValue: "Karla", requestedValue: "Carla" },
    { field: "Job title", requestedValue: "Chief Cat Herder" },
  ],
};

async function correctedRequest() {
  const request = await reviewableRequest(h, intakeBody(asked));
  const fulfil = (corrections?: unknown) =>
    reviewer.act(request.id, "fulfil", {
      version: request.version,
      scope: "full",
      ...(corrections ? { corrections } : {}),
    });
  return { request, fulfil };
}

describe("a correction", () => {
  it("must decide every change asked for, once, and make at least one", async () => {
    const { fulfil } = await correctedRequest();
    expect((await fulfil()).body.errors).toEqual([
      { field: "corrections", message: "decide Display name" },
      { field: "corrections", message: "decide Job title" },
    ]);
    const twice = await fulfil([
      { field: "Display name", accept: true },
      { field: "Display name", accept: true },
      { field: "Job title", accept: true },
    ]);
    expect(twice.status).toBe(422);
    const none = await fulfil([
      { field: "Display name", accept: false, reason: "It is right." },
      { field: "Job title", accept: false, reason: "It is right." },
    ]);
    expect(none.body.detail).toBe("No change is made: refuse the request with deny instead.");
    const noReason = await fulfil([
      { field: "Display name", accept: true },
      { field: "Job title", accept: false },
    ]);
    expect(noReason.body.errors).toEqual([
      { field: "corrections.1.reason", message: "a change that is not made needs the reason" },
    ]);
  });

  it("sends the changes made to the systems that hold them, and tells the requester what was and was not", async () => {
    const { request, fulfil } = await correctedRequest();
    const decided = await fulfil([
      { field: "Display name", accept: true },
      { field: "Job title", accept: false, reason: "Your employer's records, which we copy, say otherwise." },
    ]);
    expect(decided.status).toBe(200);
    const { tasks, request: stored } = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
    expect(stored.outcome).toBe("partly_fulfilled");
    expect(tasks.map((task: { dataSystem: { name: string } }) => task.dataSystem.name)).toEqual(["Profile"]);
    const [assigned] = await h.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.requestId, request.id), eq(outbox.template, "task_assigned")));
    const sealed = unseal(h.ctx.config.TOKEN_SECRET, String(assigned?.payload.sealed));
    expect(sealed.changes).toBe('Display name: from "Karla" to "Carla"');
    expect(JSON.stringify(assigned?.payload)).not.toContain("Carla");

    const closed = await reviewer.act(request.id, "close-task", {
      version: decided.body.version,
      taskId: tasks[0].id,
      outcome: "done",
      reason: "Changed in the admin console.",
    });
    expect(closed.body.status).toBe("completed");
    const [decision] = await h.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.requestId, request.id), eq(outbox.template, "decision")));
    expect(decision?.payload).toMatchObject({
      outcome: "partly_fulfilled",
      correction: {
        made: ["Display name"],
        refused: [{ field: "Job title", reason: "Your employer's records, which we copy, say otherwise." }],
        statementUrl: expect.stringMatching(/\/correction-statement\?tracking=RD-/),
      },
    });
    const text = createRenderer(h.ctx.config)("decision", decision?.payload).text;
    expect(text).toContain("We corrected: Display name.");
    expect(text).toContain("- Job title: Your employer's records, which we copy, say otherwise.");
    expect(text).toContain("a statement of up to 250 words");
  });

  it("refused in California takes the requester's statement of up to 250 words, once, kept with the record", async () => {
    const { request, fulfil } = await correctedRequest();
    const decided = await fulfil([
      { field: "Display name", accept: true },
      { field: "Job title", accept: false, reason: "It is right." },
    ]);
    const { tasks } = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
    await reviewer.act(request.id, "close-task", {
      version: decided.body.version,
      taskId: tasks[0].id,
      outcome: "done",
      reason: "Done.",
    });
    const { trackingNumber } = (await json(await reviewer.get(`/v1/review/requests/${request.id}`))).request;
    const file = (statement: string, from = email) =>
      h.post("/v1/correction-statements", { trackingNumber, email: from, statement });
    expect((await file("word ".repeat(251))).status).toBe(422);
    expect((await file("I am a cat herder.", "someone@example.com")).status).toBe(404);
    expect((await file("I have herded cats since 2019; my contract says so.")).status).toBe(201);
    expect((await file("Again.")).status).toBe(409);
    const detail = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
    expect(detail.correctionStatement).toMatchObject({
      statement: "I have herded cats since 2019; my contract says so.",
    });
    const page = await h.app.request(`/correction-statement?tracking=${trackingNumber}`);
    expect(await page.text()).toContain("up to 250 words");
  });
});
