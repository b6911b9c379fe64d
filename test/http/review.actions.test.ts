import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, requestEvents } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";

let h: Harness;
let reviewer: StaffMember;
let colleague: StaffMember;
let admin: StaffMember;
beforeAll(async () => {
  h = await createHarness();
  reviewer = await staffMember(h, "reviewer");
  colleague = await staffMember(h, "reviewer");
  admin = await staffMember(h, "admin");
});
afterAll(() => h.close());

/** A request received at the harness clock; an opt-out goes straight to review, a deletion waits for verification. */
async function open(overrides: Parameters<typeof intakeBody>[0] = {}) {
  const res = await h.post("/v1/requests", intakeBody(overrides));
  expect(res.status).toBe(202);
  return json(res);
}

const mailOf = (requestId: string, template: string) =>
  h.ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.requestId, requestId), eq(outbox.template, template)));

const eventsOf = (requestId: string) =>
  h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId)).orderBy(requestEvents.id);

describe("claim and assign", () => {
  it("claims an unassigned request, refuses a colleague's claim, and lets an admin reassign", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const request = await open();
    const claimed = await reviewer.act(request.id, "claim", { version: 1 });
    expect(claimed).toMatchObject({ status: 200, body: { status: "in_review", version: 2 } });
    expect((await colleague.act(request.id, "claim", { version: 2 })).status).toBe(409);
    const reassigned = await admin.act(request.id, "assign", { version: 2, assigneeId: colleague.id });
    expect(reassigned.body.version).toBe(3);
    const [, , claim, assign] = await eventsOf(request.id);
    expect(claim).toMatchObject({
      action: "claimed",
      actorId: reviewer.id,
      actorRole: "reviewer",
      data: { changed: { assigneeId: { before: null, after: reviewer.id } } },
    });
    expect(assign).toMatchObject({
      action: "assigned",
      actorId: admin.id,
      actorRole: "admin",
      data: { changed: { assigneeId: { before: reviewer.id, after: colleague.id } } },
    });
  });

  it("refuses to assign to an auditor or an unknown person, naming the field", async () => {
    const request = await open();
    const auditor = await staffMember(h, "auditor");
    const res = await admin.act(request.id, "assign", { version: 1, assigneeId: auditor.id });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: "assigneeId" })]);
  });
});

describe("optimistic concurrency", () => {
  it("lets one of two concurrent edits at the same version win and answers the other 409", async () => {
    const request = await open();
    const results = await Promise.all([
      reviewer.act(request.id, "notes", { version: 1, note: "Called the requester." }),
      colleague.act(request.id, "deny", {
        version: 1,
        ground: "legal_matters",
        explanation: "The data is held under a litigation hold.",
      }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    expect(results.find((result) => result.status === 409)?.body.detail).toMatch(/changed since you loaded it/);
    // The loser changed nothing: one action on the trail after intake.
    expect((await eventsOf(request.id)).length).toBe(3);
  });

  it("refuses a stale version even when nothing runs at the same time", async () => {
    const request = await open();
    await reviewer.act(request.id, "notes", { version: 1, note: "First look." });
    expect((await reviewer.act(request.id, "notes", { version: 1, note: "Second look." })).status).toBe(409);
  });
});

describe("notes and questions", () => {
  it("keeps a note on the trail only, and sends a question to the requester through the outbox", async () => {
    const request = await open();
    await reviewer.act(request.id, "notes", { version: 1, note: "Internal: check the CRM." });
    expect(await mailOf(request.id, "information_requested")).toHaveLength(0);
    const asked = await reviewer.act(request.id, "information-requests", {
      version: 2,
      message: "Which account is it about?",
    });
    expect(asked.status).toBe(200);
    const [mail] = await mailOf(request.id, "information_requested");
    expect(mail?.payload).toMatchObject({
      message: "Which account is it about?",
      trackingNumber: request.trackingNumber,
    });
    expect(mail?.recipient).toMatch(/^jane\.doe\+\d+@example\.com$/);
  });
});

describe("extension", () => {
  it("extends a VA deletion once, to the rules' limit, with the notice owed in the same change", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const request = await open({ kind: "deletion", jurisdiction: "US-VA" });
    expect(request.respondBy).toBe("2026-12-20");
    const extended = await reviewer.act(request.id, "extend", {
      version: 1,
      reason: "Your data sits in several archived systems that we must search one by one.",
    });
    // 45 days + 45 days from receipt on 2026-11-20.
    expect(extended).toMatchObject({
      status: 200,
      body: { respondBy: "2027-02-18", version: 2, warnings: [expect.stringMatching(/company.s promise/)] },
    });
    const [notice] = await mailOf(request.id, "extension_notice");
    expect(notice?.payload).toMatchObject({ newRespondBy: "2027-02-18" });
    const detail = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
    expect(detail.respondByBasis).toMatch(/^Extended within US-VA: 45 calendar days plus an extension/);
    const again = await reviewer.act(request.id, "extend", {
      version: 2,
      reason: "Still more systems to search through.",
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/already extended/);
  });

  it("refuses a date past the limit, naming `until`", async () => {
    const request = await open({ kind: "deletion", jurisdiction: "US-VA" });
    const res = await reviewer.act(request.id, "extend", {
      version: 1,
      reason: "We need more time to search.",
      until: "2027-06-01",
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: "until" })]);
  });

  it("refuses once the original deadline has passed, and for opt-outs", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const deletion = await open({ kind: "deletion", jurisdiction: "US-VA" });
    const optOut = await open();
    h.setNow("2026-12-22T15:00:00Z");
    const late = await reviewer.act(deletion.id, "extend", { version: 1, reason: "We need more time to search." });
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/announced by 2026-12-20/);
    h.setNow("2026-11-21T15:00:00Z");
    expect(
      (await reviewer.act(optOut.id, "extend", { version: 1, reason: "We need more time to search." })).status,
    ).toBe(409);
    h.setNow("2026-11-20T15:00:00Z");
  });
});

describe("deny", () => {
  it("denies with a ground and an explanation, and the notice carries the appeal link and window", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const request = await open({ kind: "deletion", jurisdiction: "US-CO" });
    const res = await reviewer.act(request.id, "deny", {
      version: 1,
      ground: "regulatory_obligation",
      explanation: "Tax law requires us to keep your invoices for seven years.",
    });
    expect(res).toMatchObject({ status: 200, body: { status: "denied", warnings: [] } });
    const [notice] = await mailOf(request.id, "decision");
    expect(notice?.payload).toMatchObject({
      outcome: "denied",
      reason: expect.stringMatching(/legal or regulatory obligation/),
      explanation: "Tax law requires us to keep your invoices for seven years.",
      appealUrl: `http://localhost:3000/appeal?tracking=${request.trackingNumber}`,
      appealBy: "2027-01-19",
    });
    // A US state's AG is named when an appeal is denied, not in the first refusal.
    expect(notice?.payload.regulator).toBeUndefined();
  });

  it("asks a Californian whose deletion is refused whether to opt out instead, when the company sells or shares", async () => {
    const refuse = async () => {
      const request = await open({ kind: "deletion", jurisdiction: "US-CA" });
      await reviewer.act(request.id, "deny", {
        version: 1,
        ground: "regulatory_obligation",
        explanation: "Tax law requires us to keep your invoices for seven years.",
      });
      return (await mailOf(request.id, "decision"))[0]?.payload;
    };
    expect((await refuse())?.offerOptOut).toEqual({
      url: "http://localhost:3000/privacy/request?kind=opt_out",
      cite: "Cal. Civ. Code §1798.120",
    });
    Object.assign(h.ctx.config, { SELLS_OR_SHARES_PERSONAL_DATA: false });
    const withoutSale = await refuse();
    Object.assign(h.ctx.config, { SELLS_OR_SHARES_PERSONAL_DATA: true });
    expect(withoutSale?.offerOptOut).toBeUndefined();
  });

  it("names the supervisory authority in an EU refusal, and warns when the ground may not hold", async () => {
    const eu = await open({ jurisdiction: "EU" });
    // The company's dispute-resolution provider, as its settings name one.
    Object.assign(h.ctx.config, {
      DISPUTE_RESOLUTION_NAME: "Fair Privacy ADR",
      DISPUTE_RESOLUTION_URL: "https://adr.example/",
    });
    await reviewer.act(eu.id, "deny", {
      version: 1,
      ground: "manifestly_unfounded_or_excessive",
      explanation: "This is the ninth identical request this month.",
    });
    Object.assign(h.ctx.config, { DISPUTE_RESOLUTION_NAME: undefined, DISPUTE_RESOLUTION_URL: undefined });
    const [notice] = await mailOf(eu.id, "decision");
    expect(notice?.payload.disputeResolution).toEqual({ name: "Fair Privacy ADR", url: "https://adr.example/" });
    expect(notice?.payload.regulator).toMatchObject({ name: expect.stringMatching(/supervisory authority/) });
    expect(notice?.payload.judicialRemedy).toEqual({ cite: "GDPR Art. 12(4), 79" });
    const va = await open({ jurisdiction: "US-VA" });
    const warned = await reviewer.act(va.id, "deny", {
      version: 1,
      ground: "disproportionate_effort",
      explanation: "Searching paper archives would take months.",
    });
    expect(warned.body.warnings).toEqual([
      expect.stringMatching(/no clear statutory basis in Virginia \(Va\. Code §59\.1-577 names no such ground\)/),
    ]);
  });

  it("marks on the trail a refusal sent after the deadline, and not one sent in time", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const onTime = await open();
    const late = await open();
    const deny = (id: string) =>
      reviewer.act(id, "deny", { version: 1, ground: "legal_matters", explanation: "Held for a pending lawsuit." });
    await deny(onTime.id);
    // Opt-outs in CA are due in 15 business days, Thanksgiving skipped: 2026-12-14.
    expect(late.respondBy).toBe("2026-12-14");
    h.setNow("2026-12-15T15:00:00Z");
    await deny(late.id);
    const deniedEvent = async (id: string) => (await eventsOf(id)).find((event) => event.action === "denied");
    expect((await deniedEvent(onTime.id))?.data).toMatchObject({ late: false });
    expect((await deniedEvent(late.id))?.data).toMatchObject({ late: true });
    h.setNow("2026-11-20T15:00:00Z");
  });

  it("requires a known ground and an explanation", async () => {
    const request = await open();
    const res = await reviewer.act(request.id, "deny", { version: 1, ground: "because" });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(["explanation", "ground"]);
  });

  it("refuses to deny a request already answered", async () => {
    const request = await open();
    await reviewer.act(request.id, "withdraw", { version: 1, note: "Phoned on 20 Nov to withdraw." });
    const res = await reviewer.act(request.id, "deny", {
      version: 2,
      ground: "legal_matters",
      explanation: "Held for a lawsuit.",
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/^This request is withdrawn, so it cannot be refused now\.$/);
  });
});

describe("fulfil and complete", () => {
  it("hands a full answer to fulfilment, then sends the decision when done", async () => {
    const request = await open();
    const decided = await reviewer.act(request.id, "fulfil", { version: 1, scope: "full" });
    expect(decided.body).toMatchObject({ status: "fulfilling", version: 2 });
    expect(await mailOf(request.id, "decision")).toHaveLength(0);
    const done = await reviewer.act(request.id, "complete", { version: 2 });
    expect(done.body).toMatchObject({ status: "completed", version: 3 });
    const [notice] = await mailOf(request.id, "decision");
    expect(notice?.payload).toMatchObject({ outcome: "fulfilled" });
    expect(notice?.payload.appealUrl).toBeUndefined();
  });

  it("needs a ground and an explanation for a partial answer, whose notice offers an appeal", async () => {
    const request = await open();
    const missing = await reviewer.act(request.id, "fulfil", { version: 1, scope: "partial" });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      "explanation",
      "ground",
    ]);
    await reviewer.act(request.id, "fulfil", {
      version: 1,
      scope: "partial",
      ground: "deletion_exception",
      explanation: "We deleted your profile but keep your order history to complete a pending refund.",
    });
    await reviewer.act(request.id, "complete", { version: 2 });
    const [notice] = await mailOf(request.id, "decision");
    expect(notice?.payload).toMatchObject({
      outcome: "partly_fulfilled",
      appealUrl: expect.stringContaining("/appeal?tracking="),
    });
  });

  it("refuses to fulfil a request still being verified", async () => {
    const request = await open({ kind: "deletion" });
    expect(request.status).toBe("verifying");
    expect((await reviewer.act(request.id, "fulfil", { version: 1, scope: "full" })).status).toBe(409);
  });
});

describe("withdraw and duplicate", () => {
  it("withdraws at the requester's wish and confirms it", async () => {
    const request = await open();
    const res = await reviewer.act(request.id, "withdraw", { version: 1, note: "Requester e-mailed on 20 Nov." });
    expect(res.body.status).toBe("withdrawn");
    expect(await mailOf(request.id, "withdrawal_confirmed")).toHaveLength(1);
  });

  it("closes a repeat under the original of the same subject, and refuses another subject's request", async () => {
    const body = intakeBody();
    const original = await json(await h.post("/v1/requests", body));
    const repeat = await json(await h.post("/v1/requests", { ...body, optOutScopes: ["sale"] }));
    const stranger = await open();
    const refused = await reviewer.act(repeat.id, "duplicate", { version: 1, originalId: stranger.id });
    expect(refused.status).toBe(422);
    const res = await reviewer.act(repeat.id, "duplicate", { version: 1, originalId: original.id });
    expect(res.body.status).toBe("duplicate");
    const [notice] = await mailOf(repeat.id, "duplicate_closed");
    expect(notice?.payload).toMatchObject({ originalTrackingNumber: original.trackingNumber });
    const detail = await json(await reviewer.get(`/v1/review/requests/${original.id}`));
    expect(detail.related).toEqual([expect.objectContaining({ id: repeat.id, duplicateOf: original.id })]);
  });
});

describe("auditors", () => {
  it("can read a request but not act on it", async () => {
    const request = await open();
    const auditor = await staffMember(h, "auditor");
    expect((await auditor.get(`/v1/review/requests/${request.id}`)).status).toBe(200);
    expect((await auditor.act(request.id, "notes", { version: 1, note: "x" })).status).toBe(403);
  });
});
