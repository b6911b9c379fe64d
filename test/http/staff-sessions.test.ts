import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setStaffPassword } from "../../src/modules/staff/staff-sessions.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffMember } from "../support/staff.js";

let h: Harness;
let email: string;
const password = "correct horse battery staple";
const origin = "http://localhost:3000";

beforeAll(async () => {
  h = await createHarness();
  const reviewer = await staffMember(h, "reviewer");
  email = reviewer.email;
  expect(await setStaffPassword(h.ctx.db, email, password, h.by())).toBe(true);
});
afterAll(() => h.close());

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

async function signIn(withPassword = password) {
  return h.app.request("/staff/login", {
    method: "POST",
    headers: { origin },
    body: form({ email, password: withPassword }),
  });
}

function sessionCookie(res: Response): string {
  const cookie = res.headers.get("set-cookie") ?? "";
  return cookie.split(";")[0] ?? "";
}

describe("staff sign-in for the pages", () => {
  it("sets an HttpOnly, SameSite=Strict session cookie and shows the queue", async () => {
    const res = await signIn();
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    await h.post("/v1/requests", intakeBody());
    const queue = await h.app.request("/staff", { headers: { cookie: sessionCookie(res) } });
    expect(queue.status).toBe(200);
    expect(await queue.text()).toMatch(/RD-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  });

  it("answers a wrong password and an unknown address alike", async () => {
    const wrong = await signIn("not the password");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    const unknown = await h.app.request("/staff/login", {
      method: "POST",
      headers: { origin },
      body: form({ email: "nobody@staff.example", password }),
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toBe(await wrong.text());
  });

  it("refuses a sign-in form posted from another site", async () => {
    const res = await h.app.request("/staff/login", {
      method: "POST",
      headers: { origin: "https://evil.example" },
      body: form({ email, password }),
    });
    expect(res.status).toBe(403);
  });

  it("lets the session use the API, but a change only with the session's anti-forgery token", async () => {
    const cookie = sessionCookie(await signIn());
    const request = await json(await h.post("/v1/requests", intakeBody()));
    const claim = (headers: Record<string, string>) =>
      h.app.request(`/v1/review/requests/${request.id}/claim`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", ...headers },
        body: JSON.stringify({ version: 1 }),
      });
    expect((await h.app.request("/v1/review/requests", { headers: { cookie } })).status).toBe(200);
    expect((await claim({})).status).toBe(403);
    expect((await claim({ "x-csrf-token": "forged" })).status).toBe(403);
    const page = await (await h.app.request("/staff", { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    expect((await claim({ "x-csrf-token": token })).status).toBe(200);
  });

  it("signs out, after which the cookie opens nothing", async () => {
    const cookie = sessionCookie(await signIn());
    const page = await (await h.app.request("/staff", { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const out = await h.app.request("/staff/logout", {
      method: "POST",
      headers: { cookie, origin },
      body: form({ _csrf: token }),
    });
    expect(out.status).toBe(303);
    const after = await h.app.request("/staff", { headers: { cookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toBe("/staff/login?next=%2Fstaff");
    expect((await h.app.request("/v1/review/requests", { headers: { cookie } })).status).toBe(401);
  });

  it("ends a session after STAFF_SESSION_HOURS", async () => {
    const cookie = sessionCookie(await signIn());
    h.setNow(new Date(h.ctx.now().getTime() + 13 * 3_600_000));
    expect((await h.app.request("/staff", { headers: { cookie } })).status).toBe(303);
  });

  it("sends a visitor who is not signed in to the sign-in page, and back to the page asked for afterwards", async () => {
    const request = await json(await h.post("/v1/requests", intakeBody()));
    const asked = await h.app.request(`/staff/requests/${request.id}`);
    expect(asked.status).toBe(303);
    const login = asked.headers.get("location") ?? "";
    expect(login).toBe(`/staff/login?next=${encodeURIComponent(`/staff/requests/${request.id}`)}`);
    const form = await (await h.app.request(login)).text();
    const next = /name="next" value="([^"]+)"/.exec(form)?.[1] ?? "";
    const res = await h.app.request("/staff/login", {
      method: "POST",
      headers: { origin },
      body: new URLSearchParams({ email, password, next }),
    });
    expect(res.headers.get("location")).toBe(`/staff/requests/${request.id}`);
    const shown = await (
      await h.app.request(`/staff/requests/${request.id}`, { headers: { cookie: sessionCookie(res) } })
    ).text();
    expect(shown).toContain(request.trackingNumber);
    expect(shown).toContain("With the privacy team");
    const elsewhere = await h.app.request("/staff/login", {
      method: "POST",
      headers: { origin },
      body: new URLSearchParams({ email, password, next: "//evil.example/staff" }),
    });
    expect(elsewhere.headers.get("location")).toBe("/staff");
  });
});

describe("failed sign-ins", () => {
  it("slow down the account from the address they come from, growing, and never lock a colleague out", async () => {
    const throttled = await createHarness({ TRUST_PROXY: 1 });
    try {
      const colleague = await staffMember(throttled, "reviewer");
      await setStaffPassword(throttled.ctx.db, colleague.email, password, throttled.by());
      const attempt = (ip: string, withPassword: string) =>
        throttled.app.request("/staff/login", {
          method: "POST",
          headers: { origin, "x-forwarded-for": ip },
          body: form({ email: colleague.email, password: withPassword }),
        });
      const attacker = "203.0.113.66";
      expect((await attempt(attacker, "guess 1")).status).toBe(401);
      expect((await attempt(attacker, "guess 2")).status).toBe(401);
      expect((await attempt(attacker, "guess 3")).status).toBe(401);
      const slowed = await attempt(attacker, "guess 4");
      expect(slowed.status).toBe(429);
      expect(slowed.headers.get("retry-after")).toBe("1");
      // The colleague, at their own address, signs in as ever, and their success clears nothing of the attacker's.
      expect((await attempt("198.51.100.5", password)).status).toBe(303);
      throttled.setNow(new Date(throttled.ctx.now().getTime() + 1_000));
      expect((await attempt(attacker, "guess 5")).status).toBe(401);
      const longer = await attempt(attacker, "guess 6");
      expect(longer.status).toBe(429);
      expect(longer.headers.get("retry-after")).toBe("2");
    } finally {
      await throttled.close();
    }
  });

  it("refuse an anti-forgery token with junk after it", async () => {
    const cookie = sessionCookie(await signIn());
    const request = await json(await h.post("/v1/requests", intakeBody()));
    const page = await (await h.app.request("/staff", { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const claim = (csrf: string) =>
      h.app.request(`/v1/review/requests/${request.id}/claim`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json", "x-csrf-token": csrf },
        body: JSON.stringify({ version: 1 }),
      });
    expect((await claim(`${token}zz`)).status).toBe(403);
    expect((await claim(`${token}00`)).status).toBe(403);
    expect((await claim(token)).status).toBe(200);
  });
});
