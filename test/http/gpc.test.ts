import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gpcBinding, gpcRules } from "../../src/domain/gpc.js";
import { systemWithToken } from "../support/authorization.js";
import { createHarness, type Harness, json } from "../support/harness.js";

/**
 * Global Privacy Control: where the law of where a person lives makes the signal bind, a form sent with
 * `Sec-GPC: 1` (and a signal one of the company's sites reports for a person it knows) is an opt-out of sale and
 * sharing on the preference list at once, without verification; elsewhere it is not taken as one.
 */
let h: Harness;
let systemToken: string;
let origin: string;
beforeAll(async () => {
  h = await createHarness();
  h.setNow("2026-11-20T15:00:00Z");
  origin = new URL(h.ctx.config.PUBLIC_BASE_URL).origin;
  systemToken = (await systemWithToken(h)).token;
});
afterAll(() => h.close());

const asSystem = (path: string, body: unknown) =>
  h.app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${systemToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function inForce(email: string) {
  const answer = await json(
    await asSystem("/v1/suppressions/check", { identifiers: [{ type: "email", value: email }] }),
  );
  return Object.fromEntries(
    answer.items[0].scopes.map((one: { scope: string; state: string }) => [one.scope, one.state]),
  );
}

async function sendForm(fields: Record<string, string>, headers: Record<string, string>) {
  const page = await (await h.app.request("/privacy/request", { headers })).text();
  const formToken = /name="formToken" value="([^"]+)"/.exec(page)?.[1] ?? "";
  const res = await h.app.request("/privacy/request", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin, ...headers },
    body: new URLSearchParams({ formToken, ...fields }).toString(),
  });
  return { status: res.status, page: await res.text(), formPage: page };
}

describe("the rules of the signal", () => {
  it("bind from each state's date, and nowhere without a law", () => {
    expect(gpcBinding("US-CO", "2024-06-30")).toBeUndefined();
    expect(gpcBinding("US-CO", "2024-07-01")?.scopes).toEqual(["sale", "sharing"]);
    expect(gpcBinding("US-OR", "2025-12-31")).toBeUndefined();
    expect(gpcBinding("US-NJ", "2025-07-15")?.scopes).toEqual(["sale", "targeted_advertising"]);
    for (const jurisdiction of ["US-VA", "US-UT", "EU", "GB", "other"] as const) {
      expect(gpcBinding(jurisdiction, "2030-01-01")).toBeUndefined();
    }
    expect(Object.keys(gpcRules).sort()).toEqual(
      [
        "US-CA",
        "US-CO",
        "US-CT",
        "US-DE",
        "US-MD",
        "US-MN",
        "US-MT",
        "US-NE",
        "US-NH",
        "US-NJ",
        "US-OR",
        "US-TX",
      ].sort(),
    );
  });
});

describe("a visit with the signal", () => {
  const fields = (email: string, jurisdiction: string) => ({
    kind: "access",
    jurisdiction,
    "subject.name": "Gio Pace",
    "subject.email": email,
  });

  it("is an opt-out of sale and sharing where it binds, said on the page, whatever was asked", async () => {
    const sent = await sendForm(fields("gio@example.com", "US-CA"), { "sec-gpc": "1" });
    expect(sent.formPage).toContain("Your browser sends a Global Privacy Control signal");
    expect(sent.status).toBe(201);
    expect(sent.page).toContain("Global Privacy Control signal was honoured");
    expect(await inForce("gio@example.com")).toEqual({ sale: "suppressed", sharing: "suppressed" });
  });

  it("is not taken as an opt-out where no law makes it bind, nor without the header", async () => {
    const virginia = await sendForm(fields("vic@example.com", "US-VA"), { "sec-gpc": "1" });
    expect(virginia.status).toBe(201);
    expect(virginia.page).not.toContain("was honoured");
    expect(await inForce("vic@example.com")).toEqual({});
    await sendForm(fields("nog@example.com", "US-CA"), {});
    expect(await inForce("nog@example.com")).toEqual({});
  });
});

describe("a signal from the company's own sites", () => {
  it("records the opt-out for the person they know where it binds, and says why not elsewhere", async () => {
    const known = await json(
      await asSystem("/v1/signals/gpc", {
        identifiers: [{ type: "account_id", value: "ACCT-9" }],
        jurisdiction: "US-CO",
      }),
    );
    expect(known).toMatchObject({ honoured: true, scopes: ["sale", "sharing"] });
    const check = await json(
      await asSystem("/v1/suppressions/check", { identifiers: [{ type: "account_id", value: "ACCT-9" }] }),
    );
    expect(check.items[0].scopes).toHaveLength(2);
    const utah = await json(
      await asSystem("/v1/signals/gpc", {
        identifiers: [{ type: "email", value: "ute@example.com" }],
        jurisdiction: "US-UT",
      }),
    );
    expect(utah).toMatchObject({ honoured: false, scopes: [] });
    expect(await inForce("ute@example.com")).toEqual({});
  });

  it("publishes the site's support for the signal", async () => {
    expect(await json(await h.app.request("/.well-known/gpc.json"))).toEqual({ gpc: true, lastUpdate: "2026-12-01" });
  });
});
