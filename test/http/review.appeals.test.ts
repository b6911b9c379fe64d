import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appeals, outbox } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { refusedOptOut } from "../support/refusals.js";
import { type StaffMember, staffMember } from "../support/staff.js";

let h: Harness;
let deciding: StaffMember;
let otherAdmin: StaffMember;
beforeAll(async () => {
  h = await createHarness();
  deciding = await staffMember(h, "admin");
  otherAdmin = await staffMember(h, "admin");
});
afterAll(() => h.close());

/** An opt-out in the jurisdiction, refused by `deciding` on 2026-11-20. */
async function deniedRequest(jurisdiction: "US-CO" | "US-VA" | "US-CA" = "US-CO") {
  h.setNow("2026-11-20T15:00:00Z");
  return refusedOptOut(h, deciding, jurisdiction);
}

const appeal = (trackingNumber: string, email: string, statement = "The lawsuit ended in June.") =>
  h.post("/v1/appeals", { trackingNumber, email, statement });

/** A refused request whose requester has appealed. */
async function appealedRequest(jurisdiction?: "US-CO" | "US-VA" | "US-CA") {
  const request = await deniedRequest(jurisdiction);
  expect((await appeal(request.trackingNumber, request.email)).status).toBe(201);
  return request;
}

const mailOf = (requestId: string, template: string) =>
  h.ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.requestId, requestId), eq(outbox.template, template)));

describe("filing an appeal", () => {
  it("files one appeal with its own clock from the rules, and acknowledges it", async () => {
    const request = await deniedRequest("US-CO");
    h.setNow("2026-12-01T15:00:00Z");
    expect((await appeal(request.trackingNumber, "someone.else@example.com")).status).toBe(404);
    const filed = await appeal(request.trackingNumber.toLowerCase(), request.email.toUpperCase());
    expect(filed.status).toBe(201);
    // Colorado: 45 days from the appeal's receipt.
    expect(await json(filed)).toEqual({ trackingNumber: request.trackingNumber, respondBy: "2027-01-15" });
    const [record] = await h.ctx.db.select().from(appeals).where(eq(appeals.requestId, request.id));
    expect(record).toMatchObject({
      statement: "The lawsuit ended in June.",
      respondByBasis: expect.stringMatching(/^US-CO: 45/),
    });
    const [ack] = await mailOf(request.id, "appeal_received");
    expect(ack?.payload).toMatchObject({ appealRespondBy: "2027-01-15" });
    const again = await appeal(request.trackingNumber, request.email);
    expect(again.status).toBe(409);
  });

  it("uses 60 days in Virginia and the 45-day default where the law has no appeal clock", async () => {
    const va = await deniedRequest("US-VA");
    const ca = await deniedRequest("US-CA");
    expect(await json(await appeal(va.trackingNumber, va.email))).toMatchObject({ respondBy: "2027-01-19" });
    expect(await json(await appeal(ca.trackingNumber, ca.email))).toMatchObject({ respondBy: "2027-01-04" });
  });

  it("refuses an appeal after the window the decision gave, and of a request with nothing refused", async () => {
    const late = await deniedRequest();
    h.setNow("2027-01-20T15:00:00Z");
    const closed = await appeal(late.trackingNumber, late.email);
    expect(closed.status).toBe(409);
    expect((await json(closed)).detail).toMatch(/time to appeal/);
    h.setNow("2026-11-20T15:00:00Z");
    const body = intakeBody();
    const fulfilled = await json(await h.post("/v1/requests", body));
    await deciding.act(fulfilled.id, "fulfil", { version: 1, scope: "full" });
    await deciding.act(fulfilled.id, "complete", { version: 2 });
    expect((await appeal(fulfilled.trackingNumber, body.subject.email)).status).toBe(409);
  });

  it("files from the page linked in the refusal", async () => {
    const request = await deniedRequest();
    const form = await h.app.request(`/appeal?tracking=${request.trackingNumber}`);
    expect(await form.text()).toContain(`value="${request.trackingNumber}"`);
    const res = await h.app.request("/appeal", {
      method: "POST",
      body: new URLSearchParams({
        trackingNumber: request.trackingNumber,
        email: request.email,
        statement: "Please look again.",
      }),
    });
    expect(res.status).toBe(201);
    expect(await res.text()).toContain("We received your appeal");
  });
});

describe("deciding an appeal", () => {
  it("may not be done by the admin who made the original decision, nor by a reviewer", async () => {
    const request = await appealedRequest();
    const own = await deciding.act(request.id, "appeal-decision", {
      version: request.version + 1,
      outcome: "upheld",
      explanation: "We looked again and the hold still applies.",
    });
    expect(own.status).toBe(403);
    const reviewer = await staffMember(h, "reviewer");
    expect(
      (
        await reviewer.act(request.id, "appeal-decision", {
          version: request.version + 1,
          outcome: "upheld",
          explanation: "We looked again, it stands.",
        })
      ).status,
    ).toBe(403);
  });

  it("upholds with the Attorney General's contact in the notice", async () => {
    const request = await appealedRequest("US-CO");
    const decided = await otherAdmin.act(request.id, "appeal-decision", {
      version: request.version + 1,
      outcome: "upheld",
      explanation: "We looked again and the hold still applies.",
    });
    expect(decided.body).toMatchObject({ status: "appeal_decided" });
    const [notice] = await mailOf(request.id, "appeal_decision");
    expect(notice?.payload).toMatchObject({ outcome: "upheld", regulator: { name: "the Colorado Attorney General" } });
    const [record] = await h.ctx.db.select().from(appeals).where(eq(appeals.requestId, request.id));
    expect(record).toMatchObject({ outcome: "upheld", decidedBy: otherAdmin.id });
  });

  it("names Colorado's Attorney General even when the appeal is granted, as its statute asks", async () => {
    const request = await appealedRequest("US-CO");
    await otherAdmin.act(request.id, "appeal-decision", {
      version: request.version + 1,
      outcome: "reversed",
      explanation: "You were right; we will delete your data.",
    });
    const [notice] = await mailOf(request.id, "appeal_decision");
    expect(notice?.payload).toMatchObject({
      outcome: "reversed",
      regulator: { name: "the Colorado Attorney General" },
    });
  });

  it("sends a reversed request back to fulfilment, whose completion sends a second decision", async () => {
    const request = await appealedRequest("US-VA");
    const decided = await otherAdmin.act(request.id, "appeal-decision", {
      version: request.version + 1,
      outcome: "reversed",
      explanation: "The case is closed; we will delete your data.",
    });
    expect(decided.body).toMatchObject({ status: "fulfilling" });
    const [notice] = await mailOf(request.id, "appeal_decision");
    expect(notice?.payload.regulator).toBeUndefined();
    await otherAdmin.act(request.id, "complete", { version: decided.body.version });
    const decisions = await mailOf(request.id, "decision");
    expect(decisions.map((mail) => mail.payload.outcome)).toEqual(["denied", "fulfilled"]);
  });

  it("offers no second appeal after a partial reversal, and answers a second filing with a 409", async () => {
    const request = await appealedRequest();
    const decided = await otherAdmin.act(request.id, "appeal-decision", {
      version: request.version + 1,
      outcome: "partly_reversed",
      explanation: "We will delete what the hold no longer covers.",
    });
    expect(decided.body).toMatchObject({ status: "fulfilling" });
    await otherAdmin.act(request.id, "complete", { version: decided.body.version });
    const [, second] = await mailOf(request.id, "decision");
    expect(second?.payload).toMatchObject({ outcome: "partly_fulfilled" });
    expect(second?.payload.appealUrl).toBeUndefined();
    const again = await appeal(request.trackingNumber, request.email, "I still disagree.");
    expect(again.status).toBe(409);
    expect((await json(again)).detail).toMatch(/already appealed/);
  });

  it("lists open appeals soonest first for the team", async () => {
    const reviewer = await staffMember(h, "reviewer");
    const { items } = await json(await reviewer.get("/v1/review/appeals"));
    expect(items.length).toBeGreaterThan(0);
    const dates = items.map((item: { respondBy: string }) => item.respondBy);
    expect(dates).toEqual([...dates].sort());
  });
});

describe("appeal reminders", () => {
  it("remind the admins before an appeal is due and every day it is late, once each, until it is decided", async () => {
    const request = await deniedRequest("US-CO");
    h.setNow("2026-12-01T15:00:00Z");
    await appeal(request.trackingNumber, request.email);
    const reminders = async () =>
      (await mailOf(request.id, "appeal_reminder")).map((mail) => mail.idempotencyKey.split(":").slice(2).join(":"));
    // Due 2027-01-15 (45 days in Colorado).
    for (const day of ["2027-01-05", "2027-01-08", "2027-01-08", "2027-01-12", "2027-01-17", "2027-01-18"]) {
      h.setNow(`${day}T15:00:00Z`);
      await h.sweep();
    }
    expect((await reminders()).sort()).toEqual(["overdue:2", "overdue:3", "reminder:3d", "reminder:7d"]);
    const [late] = await mailOf(request.id, "appeal_reminder").then((rows) =>
      rows.filter((row) => row.idempotencyKey.endsWith("overdue:3")),
    );
    expect(late).toMatchObject({ recipient: "dpo@localhost", payload: { daysOverdue: 3, respondBy: "2027-01-15" } });
    await otherAdmin.act(request.id, "appeal-decision", {
      version: request.version + 1,
      outcome: "upheld",
      explanation: "We looked again; it stands.",
    });
    h.setNow("2027-01-19T15:00:00Z");
    await h.sweep();
    expect(await reminders()).toHaveLength(4);
    expect((await h.dispatch()).dead).toBe(0);
  });
});
