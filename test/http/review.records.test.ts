import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestDocuments } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";

let h: Harness;
let reviewer: StaffMember;
let auditor: StaffMember;
beforeAll(async () => {
  h = await createHarness();
  reviewer = await staffMember(h, "reviewer");
  auditor = await staffMember(h, "auditor");
});
afterAll(() => h.close());

describe("staff intake", () => {
  it("records a letter with its true receipt time, so the clocks run from it, with the scan and the typist on the trail", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const pdf = Buffer.from("%PDF-1.7 a scanned letter").toString("base64");
    const res = await reviewer.post("/v1/review/requests", {
      request: intakeBody({ kind: "deletion", jurisdiction: "US-VA" }),
      channel: "mail",
      receivedAt: "2026-11-02T09:00:00-05:00",
      note: "Letter opened by the mailroom on 2 Nov.",
      scan: { mediaType: "application/pdf", contentBase64: pdf },
    });
    expect(res.status).toBe(201);
    const receipt = await json(res);
    // 30 days from 2 November, not from 20 November.
    expect(receipt.respondBy).toBe("2026-12-02");
    const detail = await json(await reviewer.get(`/v1/review/requests/${receipt.id}`));
    expect(detail.request.channel).toBe("mail");
    expect(detail.events[0]).toMatchObject({
      action: "received",
      actorType: "staff",
      actorId: reviewer.id,
      data: { channel: "mail", note: "Letter opened by the mailroom on 2 Nov.", enteredAt: "2026-11-20T15:00:00.000Z" },
    });
    const [scan] = await h.ctx.db.select().from(requestDocuments).where(eq(requestDocuments.requestId, receipt.id));
    expect(scan).toMatchObject({ kind: "intake_scan", mediaType: "application/pdf" });
    expect(Buffer.from(scan?.content ?? []).toString()).toBe("%PDF-1.7 a scanned letter");
  });

  it("refuses a receipt time in the future, a channel that is not staff's, and an auditor", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const future = await reviewer.post("/v1/review/requests", {
      request: intakeBody(),
      channel: "phone",
      receivedAt: "2026-11-21T09:00:00Z",
    });
    expect(future.status).toBe(422);
    expect((await json(future)).errors).toEqual([expect.objectContaining({ field: "receivedAt" })]);
    const api = await reviewer.post("/v1/review/requests", {
      request: intakeBody(),
      channel: "api",
      receivedAt: "2026-11-19T09:00:00Z",
    });
    expect((await json(api)).errors).toEqual([expect.objectContaining({ field: "channel" })]);
    expect(
      (
        await auditor.post("/v1/review/requests", {
          request: intakeBody(),
          channel: "phone",
          receivedAt: "2026-11-19T09:00:00Z",
        })
      ).status,
    ).toBe(403);
  });
});

describe("audit export", () => {
  it("exports a request's trail as JSON and as CSV, with actor, change and rules version", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const request = await json(await h.post("/v1/requests", intakeBody({ jurisdiction: "US-CO" })));
    await reviewer.act(request.id, "claim", { version: 1 });
    await reviewer.act(request.id, "notes", { version: 2, note: '=HYPERLINK("http://evil.example"), said "hi"' });

    const asJson = await auditor.get(`/v1/review/requests/${request.id}/audit`);
    expect(asJson.headers.get("content-type")).toBe("application/json");
    const events = await json(asJson);
    expect(events.map((event: { action: string }) => event.action)).toEqual([
      "received",
      "ready_for_review",
      "claimed",
      "note_added",
    ]);
    expect(events[2]).toMatchObject({
      actorType: "staff",
      actorId: reviewer.id,
      rulesVersion: "US-CO@2025-10-01",
      trackingNumber: request.trackingNumber,
    });

    const asCsv = await auditor.get(`/v1/review/requests/${request.id}/audit?format=csv`);
    expect(asCsv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = (await asCsv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,trail,at,requestId,trackingNumber,subjectType,subjectId,actorType,actorId,actorRole,action,fromStatus,toStatus,rulesVersion,data,hash",
    );
    expect(lines).toHaveLength(5);
    // The note is inside the JSON of `data`, quoted, and cannot start a formula.
    expect(lines[4]).toContain('"{""note"":""=HYPERLINK(\\""http://evil.example\\""), said \\""hi\\""""}"');
    expect((await auditor.get("/v1/review/requests/00000000-0000-4000-8000-000000000000/audit")).status).toBe(404);
  });

  it("exports every event of a period, across requests, in order", async () => {
    h.setNow("2026-12-05T10:00:00Z");
    const first = await json(await h.post("/v1/requests", intakeBody()));
    h.setNow("2026-12-06T10:00:00Z");
    const second = await json(await h.post("/v1/requests", intakeBody()));
    const res = await auditor.get("/v1/audit/events?from=2026-12-05T00:00:00Z&to=2026-12-06T00:00:00Z");
    const events = await json(res);
    expect(new Set(events.map((event: { requestId: string }) => event.requestId))).toEqual(new Set([first.id]));
    const both = await json(await auditor.get("/v1/audit/events?from=2026-12-05T00:00:00Z&to=2026-12-07T00:00:00Z"));
    expect(both.map((event: { requestId: string }) => event.requestId)).toEqual([
      ...events.map((event: { requestId: string }) => event.requestId),
      second.id,
      second.id,
    ]);
    const bad = await auditor.get("/v1/audit/events?from=2026-12-06T00:00:00Z&to=2026-12-05T00:00:00Z");
    expect(bad.status).toBe(422);
    expect((await json(bad)).errors).toEqual([expect.objectContaining({ field: "to" })]);
  });
});
