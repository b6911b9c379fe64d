import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({
    TRUST_PROXY: true,
    RATE_LIMIT_INTAKE_PER_IP_HOUR: 3,
    RATE_LIMIT_INTAKE_PER_EMAIL_DAY: 2,
    RATE_LIMIT_VERIFY_PER_IP_HOUR: 2,
  });
  h.setNow("2026-11-20T15:00:00Z");
});
afterAll(() => h.close());

const from = (ip: string) => ({ "x-forwarded-for": ip });

describe("rate limits", () => {
  it("limit intake per address, answering 429 with Retry-After until the window ends", async () => {
    for (let i = 0; i < 3; i++)
      expect((await h.post("/v1/requests", intakeBody(), from("198.51.100.1"))).status).toBe(202);
    const refused = await h.post("/v1/requests", intakeBody(), from("198.51.100.1"));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBe(3600);
    expect((await h.post("/v1/requests", intakeBody(), from("198.51.100.2"))).status).toBe(202);
    h.setNow("2026-11-20T16:00:01Z");
    expect((await h.post("/v1/requests", intakeBody(), from("198.51.100.1"))).status).toBe(202);
  });

  it("limit intake per subject e-mail, whatever the address", async () => {
    const body = () => intakeBody({ subject: { name: "Sam", email: "Sam@Example.com" } });
    expect((await h.post("/v1/requests", body(), from("192.0.2.1"))).status).toBe(202);
    expect((await h.post("/v1/requests", body(), from("192.0.2.2"))).status).toBe(202);
    expect((await h.post("/v1/requests", body(), from("192.0.2.3"))).status).toBe(429);
  });

  it("limit verification attempts per address and resends per request", async () => {
    const receipt = await json(await h.post("/v1/requests", intakeBody({ kind: "deletion" }), from("192.0.2.50")));
    const attempt = () => h.post(`/v1/requests/${receipt.id}/verification`, { code: "000000" }, from("192.0.2.9"));
    expect((await attempt()).status).not.toBe(429);
    expect((await attempt()).status).not.toBe(429);
    expect((await attempt()).status).toBe(429);

    const resend = () => h.post(`/v1/requests/${receipt.id}/verification/resend`, {}, from("192.0.2.10"));
    expect((await resend()).status).toBe(202);
    const again = await resend();
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  });
});
