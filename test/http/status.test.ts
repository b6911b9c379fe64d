import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readableDay } from "../../src/domain/calendar.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffMember } from "../support/staff.js";

let h: Harness;
let trackingNumber: string;
beforeAll(async () => {
  h = await createHarness();
  const body = intakeBody({
    subject: { name: "Sam Subject", email: "sam@example.com" },
    submittedBy: {
      role: "authorized_agent",
      name: "Agent Smith",
      email: "agent@agency.example",
      authority: "signed_permission",
    },
  });
  trackingNumber = (await json(await h.post("/v1/requests", body))).trackingNumber;
});
afterAll(() => h.close());

const lookUp = (fields: Record<string, string>) =>
  h.app.request("/status", { method: "POST", body: new URLSearchParams(fields) });

describe("the status page", () => {
  it("shows the request to the subject and to the agent who filed it", async () => {
    for (const email of ["sam@example.com", "AGENT@agency.example"]) {
      const res = await lookUp({ trackingNumber: trackingNumber.toLowerCase(), email });
      expect(res.status).toBe(200);
      const page = await res.text();
      expect(page).toContain(trackingNumber);
      expect(page).toContain("We answer by");
    }
  });

  it("dates the receipt in the business's time zone and the deadline in words, as the e-mails do", async () => {
    h.setNow("2026-11-21T03:30:00Z");
    const body = intakeBody({ jurisdiction: "US-CA" });
    const late = await json(await h.post("/v1/requests", body));
    const page = await (await lookUp({ trackingNumber: late.trackingNumber, email: body.subject.email })).text();
    // 22:30 in New York on the 20th, although it is already the 21st in UTC.
    expect(page).toContain("November 20, 2026 at 10:30 PM EST");
    expect(page).toContain(`<dd>${readableDay(late.respondBy)}</dd>`);
    expect(page).not.toContain("2026-11-21");
  });

  it("shows the appeal's own deadline while an appeal is pending", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const body = intakeBody({ jurisdiction: "US-VA" });
    const request = await json(await h.post("/v1/requests", body));
    const admin = await staffMember(h, "admin");
    await admin.act(request.id, "deny", {
      version: 1,
      ground: "legal_matters",
      explanation: "Under a litigation hold.",
    });
    const filed = await json(
      await h.post("/v1/appeals", {
        trackingNumber: request.trackingNumber,
        email: body.subject.email,
        statement: "No.",
      }),
    );
    const page = await (await lookUp({ trackingNumber: request.trackingNumber, email: body.subject.email })).text();
    expect(page).toContain(`We answer your appeal by</dt><dd>${readableDay(filed.respondBy)}</dd>`);
    expect(filed.respondBy).not.toBe(request.respondBy);
  });

  it("answers a wrong address and an unknown tracking number the same way", async () => {
    const wrong = await lookUp({ trackingNumber, email: "someone.else@example.com" });
    const unknown = await lookUp({ trackingNumber: "RD-0000-0000", email: "sam@example.com" });
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    const strip = (text: string) => text.replace(/value="[^"]*"/g, "");
    expect(strip(await wrong.text())).toBe(strip(await unknown.text()));
  });

  it("asks again, escaping what it echoes, when the form is incomplete", async () => {
    expect((await lookUp({ trackingNumber })).status).toBe(422);
    const page = await (await h.app.request('/status?tracking="><script>alert(1)</script>')).text();
    expect(page).not.toContain("<script>");
    expect(page).toContain("&quot;&gt;&lt;script&gt;");
  });
});
