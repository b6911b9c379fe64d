import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";

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
