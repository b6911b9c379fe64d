import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/db/rows.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({
    TRUST_PROXY: 1,
    RATE_LIMIT_INTAKE_PER_IP_HOUR: 3,
    RATE_LIMIT_INTAKE_PER_EMAIL_DAY: 2,
    RATE_LIMIT_VERIFY_PER_IP_HOUR: 2,
    RATE_LIMIT_LOOKUP_PER_IP_HOUR: 3,
    RATE_LIMIT_LOOKUP_PER_TRACKING_NUMBER_HOUR: 2,
  });
  h.setNow("2026-11-20T15:00:00Z");
});
afterAll(() => h.close());

const from = (ip: string) => ({ "x-forwarded-for": ip });

describe("rate limits", () => {
  it("limit intake per address, answering 429 with Retry-After until the window ends", async () => {
    for (let i = 0; i < 3; i++)
      expect((await h.post("/v1/requests", intakeBody(), from("198.51.100.1"))).status).toBe(202);
    const stored = () =>
      rowsOf<{ requests: number; events: number; mail: number }>(
        h.ctx.db,
        sql`select (select count(*)::int from requests) as requests, (select count(*)::int from request_events) as events,
              (select count(*)::int from outbox) as mail`,
      );
    const before = await stored();
    const refused = await h.post("/v1/requests", intakeBody(), from("198.51.100.1"));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBe(3600);
    // The limit is checked in the statement that stores the request: refused, nothing of it is written.
    expect(await stored()).toEqual(before);
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

  it("take the client's address from the trusted proxy's own entry, not from what the client wrote before it", async () => {
    h.setNow("2026-11-21T15:00:00Z");
    // The client writes whatever it likes on the left; the proxy appends the address it saw, on the right.
    const spoofing = (n: number) => ({ "x-forwarded-for": `10.0.0.${n}, 203.0.113.77` });
    for (let n = 0; n < 3; n++) expect((await h.post("/v1/requests", intakeBody(), spoofing(n))).status).toBe(202);
    expect((await h.post("/v1/requests", intakeBody(), spoofing(9))).status).toBe(429);
  });

  it("limit status look-ups per address, and per tracking number from any address", async () => {
    h.setNow("2026-11-22T15:00:00Z");
    const body = intakeBody();
    const { trackingNumber } = await json(await h.post("/v1/requests", body, from("192.0.2.70")));
    const lookUp = (ip: string, tracking = trackingNumber) =>
      h.app.request("/status", {
        method: "POST",
        headers: from(ip),
        body: new URLSearchParams({ trackingNumber: tracking, email: `guess-${ip}@example.com` }),
      });
    expect((await lookUp("192.0.2.71")).status).toBe(404);
    expect((await lookUp("192.0.2.72")).status).toBe(404);
    // A third address, the same tracking number: the number itself is guarded.
    expect((await lookUp("192.0.2.73")).status).toBe(429);
    // One address, many tracking numbers.
    for (const tracking of ["RD-0000-0001", "RD-0000-0002", "RD-0000-0003"])
      expect((await lookUp("192.0.2.80", tracking)).status).toBe(404);
    expect((await lookUp("192.0.2.80", "RD-0000-0004")).status).toBe(429);
  });
});
