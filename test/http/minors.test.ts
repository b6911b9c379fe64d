import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, requestEvents, requests } from "../../src/db/schema/index.js";
import { systemJob } from "../../src/domain/actor.js";
import { openMinorDataDeletion } from "../../src/modules/minors/open-minor-data-deletion.js";
import { createHarness, type Harness, json } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  h.setNow("2026-11-20T15:00:00Z");
});
afterAll(() => h.close());

describe("data of a person under 16 collected by mistake", () => {
  it("opens a flagged deletion, due the same day, with no one asked to verify", async () => {
    const opened = await openMinorDataDeletion({
      ctx: h.ctx,
      actor: { type: "staff", id: "reviewer-1", role: "reviewer" },
      input: { email: "Kid@Example.com", jurisdiction: "US-CA", ageBand: "13_15", source: "age gate on signup" },
    });
    expect(opened.created).toBe(true);
    const [request] = await h.ctx.db.select().from(requests).where(eq(requests.id, opened.id));
    expect(request).toMatchObject({
      kind: "deletion",
      status: "in_review",
      channel: "internal",
      subjectEmail: "kid@example.com",
      respondBy: "2026-11-20",
      flags: ["minor", "minor_data_deletion"],
      verificationLevel: "none",
    });
    const events = await h.ctx.db
      .select()
      .from(requestEvents)
      .where(eq(requestEvents.requestId, opened.id))
      .orderBy(requestEvents.id);
    expect(events.map((e) => [e.action, e.actorType, e.actorId])).toEqual([
      ["received", "staff", "reviewer-1"],
      ["ready_for_review", "staff", "reviewer-1"],
    ]);
    // There is no requester to write to: the child is not e-mailed.
    expect(await h.ctx.db.select().from(outbox).where(eq(outbox.requestId, opened.id))).toEqual([]);
  });

  it("does not open a second deletion for the same person while one is open", async () => {
    const report = {
      email: "twice@example.com",
      jurisdiction: "US-TX" as const,
      ageBand: "under_13" as const,
      source: "support ticket",
    };
    const first = await openMinorDataDeletion({ ctx: h.ctx, actor: { type: "system", job: "test" }, input: report });
    const second = await openMinorDataDeletion({ ctx: h.ctx, actor: { type: "system", job: "test" }, input: report });
    expect(second).toEqual({ ...first, created: false });
  });

  it("opens one deletion when two reports of the same person arrive at once", async () => {
    const report = {
      email: "at.once@example.com",
      jurisdiction: "US-CA" as const,
      ageBand: "13_15" as const,
      source: "two moderators at once",
    };
    const opened = await Promise.all(
      Array.from({ length: 4 }, () => openMinorDataDeletion({ ctx: h.ctx, actor: systemJob("test"), input: report })),
    );
    expect(new Set(opened.map((one) => one.id)).size).toBe(1);
    expect(opened.filter((one) => one.created)).toHaveLength(1);
    const rows = await h.ctx.db.select().from(requests).where(eq(requests.subjectEmail, "at.once@example.com"));
    expect(rows).toHaveLength(1);
  });
});

describe("a child who tells us themselves", () => {
  const child = { name: "Charlie Child", email: "charlie@example.com" };

  it("opens the deletion of the child's data instead of a refusal, and a parent known to us is told", async () => {
    const parent = { role: "parent" as const, name: "Pat Parent", email: "pat@example.com" };
    const byParent = await h.post("/v1/requests", {
      kind: "access",
      jurisdiction: "US-CA",
      subject: child,
      ageBand: "under_13",
      submittedBy: parent,
    });
    expect(byParent.status).toBe(202);

    const res = await h.post("/v1/requests", {
      kind: "portability",
      jurisdiction: "US-CA",
      subject: child,
      ageBand: "under_13",
    });
    expect(res.status, await res.clone().text()).toBe(202);
    const receipt = await json(res);
    expect(receipt).toMatchObject({
      status: "in_review",
      respondBy: "2026-11-20",
      flags: ["minor", "minor_data_deletion"],
      verification: { level: "none", basis: expect.stringContaining("a reviewer checks the report") },
    });
    const [stored] = await h.ctx.db.select().from(requests).where(eq(requests.id, receipt.id));
    expect(stored).toMatchObject({ kind: "deletion", ageBand: "under_13", submitterRole: "self" });
    const mail = await h.ctx.db.select().from(outbox).where(eq(outbox.requestId, receipt.id));
    expect(mail.map((one) => [one.template, one.recipient]).sort()).toEqual([
      ["acknowledgement", child.email],
      ["child_data_reported", parent.email],
    ]);

    // Telling us again while the deletion is open answers with the same one.
    const again = await h.post("/v1/requests", {
      kind: "access",
      jurisdiction: "US-CA",
      subject: child,
      ageBand: "under_13",
    });
    expect((await json(again)).id).toBe(receipt.id);
  });

  it("tells no one but the child where no parent has written to us", async () => {
    const alone = { name: "Ada Alone", email: "ada.alone@example.com" };
    const receipt = await json(
      await h.post("/v1/requests", { kind: "deletion", jurisdiction: "US-VA", subject: alone, ageBand: "under_13" }),
    );
    const mail = await h.ctx.db.select().from(outbox).where(eq(outbox.requestId, receipt.id));
    expect(mail.map((one) => one.template)).toEqual(["acknowledgement"]);
  });
});
