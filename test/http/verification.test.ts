import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rowsOf } from "../../src/db/rows.js";
import { requestEvents, requests, verifications } from "../../src/db/schema/index.js";
import { importSubjects } from "../../src/modules/subjects/import-subjects.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { latestVerificationSecrets } from "../support/verification.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ TRUST_PROXY: 1 });
  await importSubjects(
    h.ctx.db,
    [
      "email,phone,postal_code,date_of_birth,card_last4",
      "known@example.com,+1 415 555 0100,94105,1990-07-04,4242",
      "child@example.com,,10001,2016-05-01,",
    ].join("\n"),
    "csv:test",
    h.by(),
    h.ctx.config.TOKEN_SECRET,
  );
});
afterAll(() => h.close());

const submit = async (body: Parameters<typeof intakeBody>[0]) => json(await h.post("/v1/requests", intakeBody(body)));
const verify = (id: string, body: unknown) =>
  h.post(`/v1/requests/${id}/verification`, body, { "x-forwarded-for": "203.0.113.7" });
const statusOf = async (id: string) => (await h.ctx.db.select().from(requests).where(eq(requests.id, id)))[0]?.status;
const known = { name: "Kim Known", email: "known@example.com" };

describe("levels", () => {
  it("an opt-out needs nothing and goes straight to review", async () => {
    const receipt = await submit({ kind: "opt_out", optOutScopes: ["sale"] });
    expect(receipt).toMatchObject({ status: "in_review", verification: { level: "none" } });
    await expect(latestVerificationSecrets(h, receipt.id)).rejects.toThrow("no verification e-mail");
  });

  it("e-mail level: the right code verifies and moves the request to review", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const receipt = await submit({ kind: "access", accessScope: "categories", jurisdiction: "US-VA" });
    expect(receipt).toMatchObject({ status: "verifying", verification: { level: "email" } });
    const { code } = await latestVerificationSecrets(h, receipt.id);
    const res = await verify(receipt.id, { code });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ outcome: "verified", level: "email", treatedAsCategories: false });
    expect(await statusOf(receipt.id)).toBe("in_review");
    const events = await h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, receipt.id));
    expect(events.map((e) => e.action)).toContain("verified");
  });

  it("a code is single use", async () => {
    const receipt = await submit({ kind: "access", accessScope: "categories", jurisdiction: "US-VA" });
    const { code } = await latestVerificationSecrets(h, receipt.id);
    expect((await verify(receipt.id, { code })).status).toBe(200);
    const again = await verify(receipt.id, { code });
    expect(again.status).toBe(409);
    expect((await json(again)).detail).toContain("already verified");
  });

  it("five wrong codes lock the verification until a new code is asked for", async () => {
    const receipt = await submit({ kind: "access", accessScope: "categories", jurisdiction: "US-VA" });
    const { code } = await latestVerificationSecrets(h, receipt.id);
    const wrong = code === "000000" ? "111111" : "000000";
    for (const left of [4, 3, 2, 1]) {
      const res = await verify(receipt.id, { code: wrong });
      expect(res.status).toBe(422);
      expect((await json(res)).detail).toContain(`${left} attempts left`);
    }
    expect((await verify(receipt.id, { code: wrong })).status).toBe(409);
    const locked = await verify(receipt.id, { code });
    expect(locked.status).toBe(409);
    expect((await json(locked)).detail).toContain("Too many wrong attempts");

    expect((await h.post(`/v1/requests/${receipt.id}/verification/resend`, {})).status).toBe(202);
    const fresh = await latestVerificationSecrets(h, receipt.id);
    // The old code belongs to the replaced verification: against the new one it is simply wrong.
    expect((await verify(receipt.id, { code })).status).toBe(422);
    expect((await verify(receipt.id, { code: fresh.code })).status).toBe(200);
  });

  it("a code expires after 72 hours", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const receipt = await submit({ kind: "access", accessScope: "categories", jurisdiction: "US-VA" });
    const { code } = await latestVerificationSecrets(h, receipt.id);
    h.setNow("2026-11-23T15:00:01Z");
    const res = await verify(receipt.id, { code });
    expect(res.status).toBe(409);
    expect((await json(res)).detail).toContain("expired");
    h.setNow("2026-11-20T15:00:00Z");
  });
});

describe("data points", () => {
  it("basic level: two matching data points verify a deletion", async () => {
    const receipt = await submit({ kind: "deletion", subject: known });
    expect(receipt.verification.level).toBe("basic");
    const { code } = await latestVerificationSecrets(h, receipt.id);
    const missing = await verify(receipt.id, { code, dataPoints: { phone: "415-555-0100" } });
    expect(missing.status).toBe(422);
    expect((await json(missing)).errors).toEqual([
      { field: "dataPoints", message: "give more of the facts asked for" },
    ]);
    const wrong = await verify(receipt.id, { code, dataPoints: { phone: "415-555-0100", postalCode: "90210" } });
    expect(wrong.status).toBe(422);
    const right = await verify(receipt.id, { code, dataPoints: { phone: "(415) 555-0100", postalCode: "94105-0001" } });
    expect(right.status).toBe(200);
    const [verification] = await h.ctx.db.select().from(verifications).where(eq(verifications.requestId, receipt.id));
    expect(verification?.matchedDataPoints?.sort()).toEqual(["phone", "postal_code"]);
    expect(verification?.failedAttempts).toBe(1);
  });

  it("answers the same whether or not we hold data about the subject", async () => {
    const attempt = async (email: string) => {
      const receipt = await submit({ kind: "deletion", subject: { name: "Some One", email } });
      const { code } = await latestVerificationSecrets(h, receipt.id);
      const res = await verify(receipt.id, { code, dataPoints: { phone: "4155550199", postalCode: "94105" } });
      return { status: res.status, body: await json(res) };
    };
    expect(await attempt("known@example.com")).toEqual(await attempt("stranger@example.org"));
  });

  it("high level: three data points and the signed declaration, kept with the time and address", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const receipt = await submit({ kind: "portability", subject: known });
    expect(receipt.verification).toMatchObject({ level: "high" });
    const { code } = await latestVerificationSecrets(h, receipt.id);
    const dataPoints = { phone: "4155550100", postalCode: "94105", dateOfBirth: "7/4/1990" };
    const unsigned = await verify(receipt.id, { code, dataPoints });
    expect((await json(unsigned)).errors).toEqual([{ field: "declaration", message: "affirm the declaration" }]);
    const res = await verify(receipt.id, { code, dataPoints, declaration: { fullName: "Kim Known", affirmed: true } });
    expect(res.status).toBe(200);
    const [verification] = await h.ctx.db.select().from(verifications).where(eq(verifications.requestId, receipt.id));
    expect(verification).toMatchObject({
      declaredName: "Kim Known",
      declaredFromIp: "203.0.113.7",
      declaredAt: new Date("2026-11-20T15:00:00Z"),
    });
    expect(verification?.declarationText).toBe(
      "I declare under penalty of perjury under the laws of the State of California that I am the consumer whose personal information is the subject of this request.",
    );
  });

  it("specific pieces that reach only two data points are handled as a request for categories", async () => {
    const receipt = await submit({ kind: "access", subject: known });
    const { code } = await latestVerificationSecrets(h, receipt.id);
    const res = await verify(receipt.id, {
      code,
      dataPoints: { phone: "4155550100", postalCode: "94105", dateOfBirth: "1999-01-01" },
    });
    expect(await json(res)).toEqual({ outcome: "verified", level: "basic", treatedAsCategories: true });
    const [request] = await h.ctx.db.select().from(requests).where(eq(requests.id, receipt.id));
    expect(request).toMatchObject({ accessScope: "categories", verificationLevel: "basic", status: "in_review" });
  });

  it("a correction is verified with data other than the data being corrected", async () => {
    const receipt = await submit({
      kind: "correction",
      subject: known,
      corrections: [{ field: "phone number", requestedValue: "+1 415 555 0199" }],
    });
    const { code } = await latestVerificationSecrets(h, receipt.id);
    const withPhone = await verify(receipt.id, { code, dataPoints: { phone: "4155550100", postalCode: "94105" } });
    expect(withPhone.status).toBe(422);
    const without = await verify(receipt.id, { code, dataPoints: { postalCode: "94105", cardLast4: "4242" } });
    expect(without.status).toBe(200);
  });
});

describe("the page behind the link", () => {
  it("shows a form on GET without verifying, and verifies on POST", async () => {
    const receipt = await submit({ kind: "deletion", subject: known });
    const { token } = await latestVerificationSecrets(h, receipt.id);
    const page = await h.app.request(`/verify/${token}`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("answer at least 2");
    expect(text).toContain(`action="/verify/${token}"`);
    expect(await statusOf(receipt.id)).toBe("verifying");

    const form = new URLSearchParams({ phone: "415 555 0100", postal_code: "94105" });
    const done = await h.app.request(`/verify/${token}`, { method: "POST", body: form });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("your request is confirmed");
    expect(await statusOf(receipt.id)).toBe("in_review");
    expect((await h.app.request(`/verify/${token}`)).status).toBe(404);
  });

  it("says a link is not valid without revealing anything", async () => {
    const res = await h.app.request("/verify/not-a-real-token");
    expect(res.status).toBe(404);
    expect(await res.text()).toContain("This link is not valid");
  });
});

describe("agents and parents", () => {
  const agent = (authority: "signed_permission" | "power_of_attorney") => ({
    role: "authorized_agent" as const,
    name: "Ada Agent",
    email: "ada@agency.example",
    organisation: "Agency LLC",
    authority,
  });

  it("with signed permission, the consumer must confirm the agent as well as verify", async () => {
    const receipt = await submit({ kind: "deletion", subject: known, submittedBy: agent("signed_permission") });
    expect(receipt.flags).toEqual(["agent"]);
    const { code, recipient } = await latestVerificationSecrets(h, receipt.id);
    expect(recipient).toBe("known@example.com");
    const dataPoints = { phone: "4155550100", postalCode: "94105" };
    const unconfirmed = await verify(receipt.id, { code, dataPoints });
    expect((await json(unconfirmed)).errors).toEqual([
      { field: "confirmsAgent", message: "confirm that you authorized the agent" },
    ]);
    expect((await verify(receipt.id, { code, dataPoints, confirmsAgent: true })).status).toBe(200);
  });

  it("with a power of attorney, the request goes to review without asking the consumer", async () => {
    const receipt = await submit({ kind: "deletion", subject: known, submittedBy: agent("power_of_attorney") });
    expect(receipt.status).toBe("in_review");
    await expect(latestVerificationSecrets(h, receipt.id)).rejects.toThrow();
  });

  it("refuses an agent where the law allows agents only to opt out", async () => {
    const res = await h.post(
      "/v1/requests",
      intakeBody({ kind: "access", jurisdiction: "US-CO", submittedBy: agent("signed_permission") }),
    );
    expect(res.status).toBe(422);
    expect((await json(res)).errors[0].message).toContain("only to opt out (C.R.S.");
    const attorney = await h.post(
      "/v1/requests",
      intakeBody({ kind: "access", jurisdiction: "US-CO", submittedBy: agent("power_of_attorney") }),
    );
    expect(attorney.status).toBe(202);
    // The company's policy may take every agent the consumer authorised.
    Object.assign(h.ctx.config, { AUTHORIZED_AGENTS_ACCEPTED: "everywhere" });
    const taken = await h.post(
      "/v1/requests",
      intakeBody({ kind: "access", jurisdiction: "US-CO", submittedBy: agent("signed_permission") }),
    );
    Object.assign(h.ctx.config, { AUTHORIZED_AGENTS_ACCEPTED: "where_required" });
    expect(taken.status).toBe(202);
  });

  it("a child under 13 is represented by a parent, who verifies and declares the relationship", async () => {
    const child = { name: "Charlie Child", email: "child@example.com" };
    const receipt = await submit({
      kind: "portability",
      subject: child,
      ageBand: "under_13",
      submittedBy: { role: "parent", name: "Pat Parent", email: "pat@example.com" },
    });
    expect(receipt.flags).toEqual(["parent", "minor", "minor_consent_required"]);
    const { code, recipient } = await latestVerificationSecrets(h, receipt.id);
    expect(recipient).toBe("pat@example.com");
    const page = await (
      await h.app.request(`/verify/${(await latestVerificationSecrets(h, receipt.id)).token}`)
    ).text();
    expect(page).toContain("the parent or legal guardian of the consumer");
    const res = await verify(receipt.id, {
      code,
      dataPoints: { postalCode: "10001", dateOfBirth: "2016-05-01", phone: "", accountId: "x" },
      declaration: { fullName: "Pat Parent", affirmed: true },
    });
    // Two of the child's facts match, a third does not: a copy needs three, so this fails.
    expect(res.status).toBe(422);
  });

  it("a parent declares the relationship even where the level asks for no declaration of identity", async () => {
    const receipt = await submit({
      kind: "deletion",
      subject: { name: "Charlie Child", email: "child@example.com" },
      ageBand: "under_13",
      submittedBy: { role: "parent", name: "Pat Parent", email: "pat@example.com" },
    });
    expect(receipt.verification.level).toBe("basic");
    const { code } = await latestVerificationSecrets(h, receipt.id);
    const dataPoints = { postalCode: "10001", dateOfBirth: "2016-05-01" };
    const undeclared = await verify(receipt.id, { code, dataPoints });
    expect((await json(undeclared)).errors).toEqual([{ field: "declaration", message: "affirm the declaration" }]);
    const res = await verify(receipt.id, { code, dataPoints, declaration: { fullName: "Pat Parent", affirmed: true } });
    expect(res.status).toBe(200);
    const [verification] = await h.ctx.db.select().from(verifications).where(eq(verifications.requestId, receipt.id));
    expect(verification?.declarationText).toContain("the parent or legal guardian of the consumer");
  });
});

describe("secrets at rest", () => {
  it("keeps tokens and codes out of the database in clear, before and after the e-mail is sent", async () => {
    const receipt = await submit({ kind: "deletion", subject: known });
    const { code, token } = await latestVerificationSecrets(h, receipt.id);
    const everything = async () => {
      const tables = ["requests", "request_events", "outbox", "verifications", "idempotency_keys", "rate_limits"];
      const dumps = await Promise.all(
        tables.map(async (table) => JSON.stringify(await rowsOf(h.ctx.db, sql.raw(`select * from ${table}`)))),
      );
      return dumps.join("\n");
    };
    const logged = vi.spyOn(console, "log");
    const errors = vi.spyOn(console, "error");
    await h.app.request(`/verify/${token}`);
    await h.app.request(`/verify/${token}`, { method: "POST", body: new URLSearchParams({ phone: "1" }) });
    const before = await everything();
    expect(before).toContain("known@example.com");
    expect(before).toContain('"template":"verification"');
    expect(before).not.toContain(token);
    expect(before).not.toContain(`"${code}"`);
    await h.dispatch();
    const after = await everything();
    expect(after).not.toContain(token);
    expect(after).not.toContain(`"${code}"`);
    const logs = JSON.stringify([...logged.mock.calls, ...errors.mock.calls]);
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(code);
    logged.mockRestore();
    errors.mockRestore();
  });
});
