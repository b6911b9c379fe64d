import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { auditEvents, requestEvents } from "../../src/db/schema/index.js";
import { systemJob } from "../../src/domain/actor.js";
import { verifyAuditTrails } from "../../src/modules/audit/verify-trails.js";
import { onRequest } from "../../src/modules/request-lifecycle/index.js";
import { changeStaffRole, createStaffToken, revokeStaffTokens } from "../../src/modules/staff/staff-tokens.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { capturingLogger } from "../support/logs.js";
import { staffMember } from "../support/staff.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const open = async () => (await json(await h.post("/v1/requests", intakeBody()))).id as string;
const eventsOf = (requestId: string) =>
  h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId)).orderBy(requestEvents.id);
const note = (requestId: string, text: string) =>
  onRequest(h.ctx.db, { requestId, actor: systemJob("test"), at: h.ctx.now() }, ({ change }) =>
    change({ action: "note_added", data: { note: text } }),
  );

/** What a database owner can do that the product cannot: edit the trail with its guard switched off. */
async function behindTheProductsBack(statement: ReturnType<typeof sql>) {
  await h.ctx.db.execute(sql`alter table request_events disable trigger request_events_append_only`);
  try {
    await h.ctx.db.execute(statement);
  } finally {
    await h.ctx.db.execute(sql`alter table request_events enable trigger request_events_append_only`);
  }
}

describe("the request trail is append-only", () => {
  it("refuses an UPDATE, a DELETE and a TRUNCATE", async () => {
    const requestId = await open();
    await expect(
      h.ctx.db.update(requestEvents).set({ action: "withdrawn" }).where(eq(requestEvents.requestId, requestId)),
    ).rejects.toThrow();
    await expect(h.ctx.db.delete(requestEvents).where(eq(requestEvents.requestId, requestId))).rejects.toThrow();
    await expect(h.ctx.db.execute(sql`truncate request_events cascade`)).rejects.toThrow();
    expect((await eventsOf(requestId)).map((event) => event.action)).toEqual(["received", "ready_for_review"]);
  });

  it("takes new events through the request door, and refuses one written around it, unchained", async () => {
    const requestId = await open();
    await note(requestId, "checked");
    expect(await eventsOf(requestId)).toHaveLength(3);
    await expect(
      h.ctx.db.insert(requestEvents).values({ requestId, at: new Date(), actorType: "system", action: "note_added" }),
    ).rejects.toThrow();
  });
});

describe("the hash chains", () => {
  it("link each event to the one before, and check as intact", async () => {
    const requestId = await open();
    await note(requestId, "first look");
    const events = await eventsOf(requestId);
    expect(events[0]?.prevHash).toBe("0".repeat(64));
    expect(events[1]?.prevHash).toBe(events[0]?.hash);
    expect(events[2]?.prevHash).toBe(events[1]?.hash);
    const report = await verifyAuditTrails(h.ctx.db, { requestId });
    expect(report).toMatchObject({ intact: true, chainsChecked: 1, entriesChecked: 3 });
  });

  it("name the event whose data was edited behind the product's back", async () => {
    const requestId = await open();
    await note(requestId, "the original note");
    const [, , edited] = await eventsOf(requestId);
    await behindTheProductsBack(
      sql`update request_events set data = '{"note": "a kinder note"}'::jsonb where id = ${edited?.id}`,
    );
    const report = await verifyAuditTrails(h.ctx.db, { requestId });
    expect(report.intact).toBe(false);
    expect(report.breaks).toEqual([
      {
        chain: `request ${requestId}`,
        eventId: edited?.id,
        reason: expect.stringMatching(/content no longer matches/),
      },
    ]);
  });

  it("name the event after one removed, and the last one when the end was cut off", async () => {
    const middle = await open();
    await note(middle, "one");
    await note(middle, "two");
    const [, removed, after] = await eventsOf(middle);
    await behindTheProductsBack(sql`delete from request_events where id = ${removed?.id}`);
    const gap = await verifyAuditTrails(h.ctx.db, { requestId: middle });
    expect(gap.breaks).toEqual([
      { chain: `request ${middle}`, eventId: after?.id, reason: expect.stringMatching(/does not follow/) },
    ]);

    const tail = await open();
    await note(tail, "kept");
    await note(tail, "cut");
    const events = await eventsOf(tail);
    await behindTheProductsBack(sql`delete from request_events where id = ${events.at(-1)?.id}`);
    const cut = await verifyAuditTrails(h.ctx.db, { requestId: tail });
    expect(cut.breaks).toEqual([
      { chain: `request ${tail}`, eventId: events.at(-2)?.id, reason: expect.stringMatching(/cut off/) },
    ]);
  });

  it("are checked by auditors through the API, every chain at once", async () => {
    const auditor = await staffMember(h, "auditor");
    const report = await json(await auditor.get("/v1/audit/verify"));
    expect(report.intact).toBe(false);
    expect(report.breaks).toHaveLength(3);
    expect(report.summary).toMatch(/^Broken: 3 of \d+ chains do not match/);
    const reviewer = await staffMember(h, "reviewer");
    expect((await reviewer.get("/v1/audit/verify")).status).toBe(403);
  });
});

describe("the general trail", () => {
  it("records staff being added, given tokens, changed in role and revoked, with who did it", async () => {
    const email = `trail-${Math.random()}@staff.example`;
    const { staffId } = await createStaffToken(h.ctx.db, { email, role: "reviewer", label: "laptop" }, h.by());
    await expect(createStaffToken(h.ctx.db, { email, role: "admin", label: "sneaky" }, h.by())).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await changeStaffRole(h.ctx.db, email, "admin", h.by())).toBe(true);
    expect(await revokeStaffTokens(h.ctx.db, email, h.by())).toBe(1);
    const entries = await h.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, staffId))
      .orderBy(auditEvents.id);
    expect(entries.map((entry) => [entry.action, entry.actorType, entry.actorId])).toEqual([
      ["staff_created", "system", "test"],
      ["staff_token_issued", "system", "test"],
      ["staff_role_changed", "system", "test"],
      ["staff_tokens_revoked", "system", "test"],
    ]);
    expect(entries[2]?.data).toEqual({ changed: { role: { before: "reviewer", after: "admin" } } });
  });

  it("is chained, and shows in the period export beside the requests' trails", async () => {
    const whole = await verifyAuditTrails(h.ctx.db, {});
    expect(whole.breaks.map((found) => found.chain)).not.toContain("general");
    const auditor = await staffMember(h, "auditor");
    const today = h.ctx.now().toISOString().slice(0, 10);
    const exported = await json(await auditor.get(`/v1/audit/events?from=${today}&to=${today}`));
    const trails = new Set(exported.map((entry: { trail: string }) => entry.trail));
    expect(trails).toEqual(new Set(["request", "general"]));
    expect(exported.find((entry: { action: string }) => entry.action === "staff_role_changed")).toMatchObject({
      trail: "general",
      subjectType: "staff",
      requestId: null,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
});

describe("an audit export that fails midway", () => {
  it("ends the stream short and logs the failure by its kind, never the database's message", async () => {
    const { log, text } = capturingLogger();
    // A database that fails once the export has begun (the staff token's check is the first statement), with a
    // message quoting a statement's parameters.
    let statements = 0;
    const failing = new Proxy(h.ctx.db, {
      get(target, property) {
        if (property !== "execute") return Reflect.get(target, property);
        return (...args: Parameters<typeof target.execute>) => {
          statements += 1;
          if (statements === 1) return target.execute(...args);
          const error = new Error("insert into requests values ('jane.doe@example.com') failed");
          return Promise.reject(Object.assign(error, { code: "57P01" }));
        };
      },
    });
    const app = createApp({ ...h.ctx, db: failing }, { log });
    const auditor = await staffMember(h, "auditor");
    const res = await app.request("/v1/audit/events?from=2026-01-01&to=2026-12-31", {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    const logged = text();
    expect(logged).toContain("audit export failed midway");
    expect(logged).toContain('"code":"57P01"');
    expect(logged).not.toContain("jane.doe@example.com");
  });

  it("streams a period as wide as a date can be, to the end", async () => {
    const auditor = await staffMember(h, "auditor");
    const res = await auditor.get("/v1/audit/events?from=1900-01-01&to=9999-12-31");
    expect(res.status).toBe(200);
    expect((await json(res)).length).toBeGreaterThan(10);
    const refused = await auditor.get("/v1/audit/events?from=0000-01-01&to=9999-12-31");
    expect(refused.status).toBe(422);
  });
});
