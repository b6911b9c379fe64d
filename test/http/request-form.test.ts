import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, requests } from "../../src/db/schema/index.js";
import { requestKinds } from "../../src/domain/vocabulary.js";
import { createHarness, type Harness } from "../support/harness.js";

/**
 * The public request form, as a browser without scripts posts it: it files through the intake's own use case, comes
 * back with what was typed and each error beside its field, and refuses forged, stale, robotic and too frequent
 * posts without storing anything.
 */
let h: Harness;
let origin: string;
beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_INTAKE_PER_EMAIL_DAY: 2 });
  origin = new URL(h.ctx.config.PUBLIC_BASE_URL).origin;
});
afterAll(() => h.close());

async function formToken(): Promise<string> {
  const page = await (await h.app.request("/privacy/request")).text();
  return /name="formToken" value="([^"]+)"/.exec(page)?.[1] ?? "";
}

async function post(fields: Record<string, string>, headers: Record<string, string> = { origin }) {
  const res = await h.app.request("/privacy/request", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ formToken: await formToken(), ...fields }).toString(),
  });
  return { status: res.status, page: await res.text() };
}

const storedFor = (email: string) => h.ctx.db.select().from(requests).where(eq(requests.subjectEmail, email));
const jane = { "subject.name": "Jane Doe", "subject.email": "jane@example.com", jurisdiction: "US-CA" };

describe("the landing page and the form", () => {
  it("link the form, the status page and the appeal page, and choose no place for the visitor", async () => {
    const landing = await (await h.app.request("/")).text();
    for (const link of ["/privacy/request", "/status", "/appeal"]) expect(landing).toContain(`href="${link}"`);
    const form = await (await h.app.request("/privacy/request")).text();
    expect(form).toContain('<option value="">Choose…</option>');
    expect(form).not.toMatch(/<option value="[^"]+" selected/);
    expect(form).toContain('name="website"');
    // Every kind of request is on the form, so a kind added to the API cannot be missing from it.
    for (const kind of requestKinds) expect(form).toContain(`value="${kind}"`);
    expect(form).toContain('value="access_categories"');
  });
});

describe("posting the form", () => {
  it("files an access request through the intake and confirms it with the tracking number and the date", async () => {
    const { status, page } = await post({ ...jane, kind: "access" });
    expect(status).toBe(201);
    const [stored] = await storedFor("jane@example.com");
    expect(stored).toMatchObject({
      channel: "web_form",
      kind: "access",
      accessScope: "specific_pieces",
      jurisdiction: "US-CA",
    });
    expect(page).toContain(stored?.trackingNumber);
    expect(page).toContain("We sent an e-mail to jane@example.com");
    const owed = await h.ctx.db
      .select()
      .from(outbox)
      .where(eq(outbox.requestId, stored?.id ?? ""));
    expect(owed.map((row) => row.template).sort()).toEqual(["acknowledgement", "verification"]);
  });

  it("takes an opt-out with its scopes, which needs no proof, and a correction with its changes", async () => {
    const optOut = await post({
      ...jane,
      "subject.email": "olu@example.com",
      kind: "opt_out",
      "optOut.sale": "yes",
      "optOut.sharing": "yes",
      // Typed before switching to an opt-out: not part of the request.
      "corrections.0.field": "name",
    });
    expect(optOut.page).toContain("There is nothing more you need to do");
    expect((await storedFor("olu@example.com"))[0]).toMatchObject({
      kind: "opt_out",
      optOutScopes: ["sale", "sharing"],
    });
    await post({
      ...jane,
      "subject.email": "cory@example.com",
      kind: "correction",
      "corrections.0.field": "postal address",
      "corrections.0.requestedValue": "1 Main St, Springfield",
    });
    expect((await storedFor("cory@example.com"))[0]?.corrections).toEqual([
      { field: "postal address", requestedValue: "1 Main St, Springfield" },
    ]);
  });

  it("has the right chosen already when a link names it, as a refused deletion's opt-out offer does", async () => {
    const page = await (await h.app.request("/privacy/request?kind=opt_out")).text();
    expect(page).toMatch(/name="kind"[^>]*value="opt_out" checked/);
    const unknown = await (await h.app.request("/privacy/request?kind=teleport")).text();
    expect(unknown).not.toMatch(/name="kind"[^>]*checked/);
  });

  it("comes back with what was typed and each error beside its field", async () => {
    const { status, page } = await post({ "subject.name": "Kim <b>Lee</b>", "subject.email": "not-an-address" });
    expect(status).toBe(422);
    expect(page).toContain('value="Kim &lt;b&gt;Lee&lt;/b&gt;"');
    expect(page).toContain('value="not-an-address"');
    expect(page).toMatch(/<p class="error" id="kind-error">Please choose one.<\/p>/);
    expect(page).toMatch(/<p class="error" id="jurisdiction-error">Please choose one.<\/p>/);
    expect(page).toMatch(/id="subject.email-error">[^<]*e-mail/);
    expect(page).toContain('href="#subject.email"');
    const agent = await post({ ...jane, kind: "deletion", role: "authorized_agent", "submittedBy.name": "Ann" });
    expect(agent.page).toMatch(/id="submittedBy.authority-error">Please choose one/);
    expect(agent.page).toMatch(/id="submittedBy.email-error">Please fill this in/);
    expect(agent.page).toContain('value="authorized_agent" checked');
    await post({ ...jane, "subject.email": "all@example.com", kind: "opt_out" });
    expect((await storedFor("all@example.com"))[0]?.optOutScopes).toEqual([
      "sale",
      "sharing",
      "targeted_advertising",
      "profiling",
    ]);
  });

  it("refuses a forged or missing token, another origin, and a filled honeypot, storing nothing", async () => {
    const before = (await h.ctx.db.select().from(requests)).length;
    const forged = await h.app.request("/privacy/request", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: new URLSearchParams({ ...jane, kind: "access", formToken: "1700000000.forged" }).toString(),
    });
    expect(forged.status).toBe(403);
    const stale = `${Math.floor(h.ctx.now().getTime() / 1000) - 3 * 3600}`;
    expect((await post({ ...jane, kind: "access", formToken: `${stale}.x` })).status).toBe(403);
    expect((await post({ ...jane, kind: "access" }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await post({ ...jane, kind: "access", website: "http://spam.example" })).status).toBe(422);
    expect((await h.ctx.db.select().from(requests)).length).toBe(before);
  });

  it("counts against the intake's limits, as the API does", async () => {
    const flood = { ...jane, "subject.email": "flood@example.com", kind: "opt_out", "optOut.sale": "yes" };
    expect((await post(flood)).status).toBe(201);
    expect((await post(flood)).status).toBe(201);
    const third = await post(flood);
    expect(third.status).toBe(429);
    expect(third.page).toContain("Too many requests");
    expect(await storedFor("flood@example.com")).toHaveLength(2);
  });
});
