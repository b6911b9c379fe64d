import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idempotencyKeys, outbox, requestEvents, requests } from "../../src/db/schema/index.js";
import { importSubjects } from "../../src/modules/subjects/import-subjects.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const rowsFor = async (id: string) => {
  const db = h.ctx.db;
  return {
    request: (await db.select().from(requests).where(eq(requests.id, id)))[0],
    events: await db.select().from(requestEvents).where(eq(requestEvents.requestId, id)).orderBy(requestEvents.id),
    mail: await db.select().from(outbox).where(eq(outbox.requestId, id)),
  };
};

describe("POST /v1/requests", () => {
  it("opens a request with its clocks, its first audit event and its acknowledgement, and answers 202", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const res = await h.post(
      "/v1/requests",
      intakeBody({ kind: "access", subject: { name: "Jane Doe", email: "  Jane.DOE@Example.COM " } }),
    );
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body).toMatchObject({
      status: "verifying",
      verification: { level: "high" },
      flags: [],
      receivedAt: "2026-11-20T15:00:00.000Z",
      respondBy: "2026-12-20",
      respondByBasis: "Company promise: 30 calendar days to respond to every request",
    });
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.trackingNumber).toMatch(/^RD-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(body.clocks).toContainEqual({
      name: "acknowledge",
      dueOn: "2026-12-07",
      basis: "US-CA: 10 business days to acknowledge, 11 CCR §7021(a)",
    });

    const { request, events, mail } = await rowsFor(body.id);
    expect(request).toMatchObject({
      subjectEmail: "jane.doe@example.com",
      status: "verifying",
      respondBy: "2026-12-20",
      accessScope: "specific_pieces",
      verificationLevel: "high",
    });
    expect(request?.clocks).toEqual(body.clocks);
    expect(events.map((e) => [e.action, e.actorType, e.fromStatus, e.toStatus])).toEqual([
      ["received", "requester", null, "received"],
      ["verification_started", "system", "received", "verifying"],
    ]);
    expect(mail.map((m) => m.template).sort()).toEqual(["acknowledgement", "verification"]);
    const acknowledgement = mail.find((m) => m.template === "acknowledgement");
    expect(acknowledgement).toMatchObject({
      recipient: "jane.doe@example.com",
      state: "pending",
      idempotencyKey: `request:${body.id}:acknowledgement`,
    });
    expect(acknowledgement?.payload).toMatchObject({ trackingNumber: body.trackingNumber, respondBy: "2026-12-20" });
  });

  it("sends the acknowledgement to an authorized agent who filed the request", async () => {
    const res = await h.post(
      "/v1/requests",
      intakeBody({
        kind: "deletion",
        submittedBy: {
          role: "authorized_agent",
          name: "Privacy Helpers LLC",
          email: "Agent@Helpers.example",
          authority: "signed_permission",
        },
      }),
    );
    expect(res.status).toBe(202);
    const { request, mail } = await rowsFor((await json(res)).id);
    expect(request).toMatchObject({ submitterRole: "authorized_agent", submitterEmail: "agent@helpers.example" });
    // Both the agent and the consumer hear that we received it; the consumer is asked to prove who they are and
    // that they sent the agent.
    expect(mail.map((m) => `${m.template} ${m.recipient}`).sort()).toEqual([
      "acknowledgement agent@helpers.example",
      `acknowledgement ${request?.subjectEmail}`,
      `verification ${request?.subjectEmail}`,
    ]);
  });

  it("stores corrections and opt-out scopes", async () => {
    const correction = await h.post(
      "/v1/requests",
      intakeBody({ kind: "correction", corrections: [{ field: "postal address", requestedValue: "1 Main St" }] }),
    );
    const optOut = await h.post(
      "/v1/requests",
      intakeBody({ kind: "opt_out", jurisdiction: "US-CO", optOutScopes: ["sale", "targeted_advertising"] }),
    );
    expect((await rowsFor((await json(correction)).id)).request?.corrections).toEqual([
      { field: "postal address", requestedValue: "1 Main St" },
    ]);
    expect((await rowsFor((await json(optOut)).id)).request?.optOutScopes).toEqual(["sale", "targeted_advertising"]);
  });

  it("answers a retry with the same Idempotency-Key and body with the first answer, creating nothing", async () => {
    const body = intakeBody();
    const headers = { "Idempotency-Key": "retry-1" };
    const first = await h.post("/v1/requests", body, headers);
    const before = (await h.ctx.db.select().from(requests)).length;
    h.setNow("2026-11-21T09:00:00Z");
    const second = await h.post("/v1/requests", body, headers);
    expect(second.status).toBe(202);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await json(second)).toEqual(await json(first));
    expect((await h.ctx.db.select().from(requests)).length).toBe(before);
  });

  it("opens exactly one request when the same key arrives twice at once", async () => {
    const body = intakeBody();
    const headers = { "Idempotency-Key": "race-1" };
    const answers = await Promise.all([1, 2, 3].map(() => h.post("/v1/requests", body, headers)));
    const ids = new Set(await Promise.all(answers.map(async (res) => (await json(res)).id)));
    expect(answers.map((res) => res.status)).toEqual([202, 202, 202]);
    expect(ids.size).toBe(1);
    const stored = await h.ctx.db.select().from(requests).where(eq(requests.subjectEmail, body.subject.email));
    expect(stored).toHaveLength(1);
    expect(await h.ctx.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "race-1"))).toHaveLength(1);
  });

  it("answers the same for a subject the company knows and one it does not", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    await importSubjects(
      h.ctx.db,
      "email,phone\nknown.customer@example.com,4155550100",
      "csv:test",
      h.by(),
      h.ctx.config.TOKEN_SECRET,
    );
    const shape = async (email: string) => {
      const res = await h.post("/v1/requests", intakeBody({ kind: "deletion", subject: { name: "A Person", email } }));
      const { id, trackingNumber, ...rest } = await json(res);
      return { status: res.status, headers: [...res.headers.keys()].sort(), rest };
    };
    expect(await shape("known.customer@example.com")).toEqual(await shape("never.seen@example.org"));
  });

  it("reads UK as GB, and files a US state with no privacy law here as `other`, the basis saying so", async () => {
    const uk = await json(await h.post("/v1/requests", intakeBody({ jurisdiction: "UK" })));
    expect((await rowsFor(uk.id)).request?.jurisdiction).toBe("GB");

    const florida = await json(await h.post("/v1/requests", intakeBody({ kind: "deletion", jurisdiction: "US-FL" })));
    const { request, events } = await rowsFor(florida.id);
    expect(request?.jurisdiction).toBe("other");
    expect(florida.clocks.find((clock: { name: string }) => clock.name === "acknowledge")?.basis).toBe(
      "US-FL has no state privacy law in the rules table, strictest rule applies: US-CA: 10 business days to acknowledge, 11 CCR §7021(a)",
    );
    expect(florida.verification.basis).toMatch(/^US-FL has no state privacy law in the rules table, strictest rule/);
    expect(events[0]?.data).toMatchObject({ jurisdiction: "other", statedJurisdiction: "US-FL" });

    const nowhere = await h.post("/v1/requests", intakeBody({ jurisdiction: "US-ZZ" }));
    expect(nowhere.status).toBe(422);
    expect((await json(nowhere)).errors).toEqual([
      { field: "jurisdiction", message: "must be a US state such as US-CA, EU, GB (or UK), or other" },
    ]);
  });

  it("names the agent in the consumer's verification e-mail and acknowledgement", async () => {
    const body = intakeBody({
      kind: "deletion",
      submittedBy: {
        role: "authorized_agent",
        name: "Alex Agent",
        email: "alex@agency.example",
        organisation: "Permission Slip",
        authority: "signed_permission",
      },
    });
    const filed = await json(await h.post("/v1/requests", body));
    const { mail } = await rowsFor(filed.id);
    const to = (template: string, recipient: string) =>
      mail.find((row) => row.template === template && row.recipient === recipient)?.payload;
    expect(to("acknowledgement", "alex@agency.example")).toMatchObject({ filedAs: "authorized_agent" });
    expect(to("acknowledgement", body.subject.email)).toMatchObject({ filedBy: "Permission Slip" });
    expect(to("verification", body.subject.email)).toMatchObject({
      filedBy: { role: "authorized_agent", name: "Permission Slip" },
      closesOn: "2027-01-04",
    });
  });
});
