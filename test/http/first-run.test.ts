import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstRunLink } from "../../src/modules/staff/first-run.js";
import { createHarness, type Harness } from "../support/harness.js";

/**
 * The first run: with no one on the team, a signed link to create the first admin, good for an hour and once; the
 * admin it makes signs in to the pages.
 */
let h: Harness;
let origin: string;
beforeAll(async () => {
  h = await createHarness();
  h.setNow("2026-12-01T09:00:00Z");
  origin = new URL(h.ctx.config.PUBLIC_BASE_URL).origin;
});
afterAll(() => h.close());

const form = (path: string, fields: Record<string, string>) =>
  h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams(fields).toString(),
  });

describe("the first-run link", () => {
  it("creates the first admin once, within its hour, who can then sign in", async () => {
    const link = await firstRunLink(h.ctx.db, h.ctx.config, h.ctx.now());
    expect(link).toMatch(/\/staff\/setup\?token=\d+\./);
    const url = new URL(link as string);
    const token = url.searchParams.get("token") as string;
    expect((await h.app.request(`${url.pathname}${url.search}`)).status).toBe(200);
    expect((await h.app.request("/staff/setup?token=123.forged")).status).toBe(410);

    const short = await form("/staff/setup", {
      token,
      name: "Ada Lovelace",
      email: "first@example.com",
      password: "short",
      confirmation: "short",
    });
    expect(short.status).toBe(422);
    const refused = await short.text();
    expect(refused).toContain('value="first@example.com"');
    expect(refused).toContain('value="Ada Lovelace"');
    const password = "a long enough passphrase";
    const made = await form("/staff/setup", {
      token,
      name: "Ada Lovelace",
      email: "First@Example.com",
      password,
      confirmation: password,
    });
    expect(made.status).toBe(201);

    const again = await form("/staff/setup", {
      token,
      name: "Second",
      email: "second@example.com",
      password,
      confirmation: password,
    });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("already set up");
    expect(await firstRunLink(h.ctx.db, h.ctx.config, h.ctx.now())).toBeUndefined();

    const signedIn = await form("/staff/login", { email: "first@example.com", password, next: "/staff" });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get("set-cookie")).toContain("rd_staff_session=");
  });

  it("expires after an hour", async () => {
    const fresh = await createHarness();
    try {
      fresh.setNow("2026-12-01T09:00:00Z");
      const link = new URL((await firstRunLink(fresh.ctx.db, fresh.ctx.config, fresh.ctx.now())) as string);
      fresh.setNow("2026-12-01T10:00:30Z");
      const late = await fresh.app.request(`${link.pathname}${link.search}`);
      expect(late.status).toBe(410);
      expect(await late.text()).toContain("expired");
    } finally {
      await fresh.close();
    }
  });
});
