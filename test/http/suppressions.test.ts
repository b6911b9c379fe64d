import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, subjectRecords, suppressions } from "../../src/db/schema/index.js";
import { createRenderer } from "../../src/mail/render.js";
import { importSubjects } from "../../src/modules/subjects/import-subjects.js";
import { systemWithToken } from "../support/authorization.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { reviewableRequest } from "../support/verification.js";

/**
 * The preference and suppression list: opt-outs bind from their receipt, a later opt-in is recorded beside them, a
 * completed deletion keeps the person from coming back through an import, and systems check identifiers with their
 * token. Identifiers are kept only as keyed hashes.
 */
let h: Harness;
let reviewer: StaffMember;
let systemToken: string;

beforeAll(async () => {
  h = await createHarness();
  h.setNow("2026-11-20T15:00:00Z");
  reviewer = await staffMember(h, "reviewer");
  systemToken = (await systemWithToken(h)).token;
});
afterAll(() => h.close());

const system = (path: string, body: unknown) =>
  h.app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${systemToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const check = async (identifiers: { type: string; value: string }[]) =>
  (await json(await system("/v1/suppressions/check", { identifiers }))).items;
const scopesOf = (item: { scopes: { scope: string; state: string }[] }) =>
  Object.fromEntries(item.scopes.map((one) => [one.scope, one.state]));

describe("the suppression list", () => {
  it("holds an opt-out from the moment it arrives, by every identifier given, and none in clear", async () => {
    const body = intakeBody({
      optOutScopes: ["sale", "sharing"],
      subject: { name: "Olive Out", email: "Olive.Out@Example.com", phone: "+1 (415) 555-0199" },
    });
    const receipt = await json(await h.post("/v1/requests", body));
    expect(receipt.status).toBe("in_review");
    const [byEmail, byPhone, stranger] = await check([
      { type: "email", value: "olive.out@example.com" },
      { type: "phone", value: "415-555-0199" },
      { type: "email", value: "someone.else@example.com" },
    ]);
    expect(scopesOf(byEmail)).toEqual({ sale: "suppressed", sharing: "suppressed" });
    expect(scopesOf(byPhone)).toEqual({ sale: "suppressed", sharing: "suppressed" });
    expect(byEmail.value).toBe("olive.out@example.com");
    expect(stranger.scopes).toEqual([]);
    const stored = JSON.stringify(await h.ctx.db.select().from(suppressions));
    expect(stored).not.toMatch(/olive|5550199/i);
  });

  it("records a later opt-in beside the opt-out, and the latest is in force", async () => {
    const email = "ophelia@example.com";
    const body = intakeBody({ optOutScopes: ["sale", "sharing"], subject: { name: "Ophelia", email } });
    const receipt = await json(await h.post("/v1/requests", body));
    expect(scopesOf((await check([{ type: "email", value: email }]))[0])).toEqual({
      sale: "suppressed",
      sharing: "suppressed",
    });
    h.setNow("2026-11-21T15:00:00Z");
    const optIn = await system("/v1/suppressions/opt-in", {
      identifiers: [{ type: "email", value: email }],
      scopes: ["sale"],
    });
    expect(await json(optIn)).toEqual({ recorded: 1 });
    const [after] = await check([{ type: "email", value: email }]);
    expect(scopesOf(after)).toEqual({ sale: "opted_in", sharing: "suppressed" });
    // The opt-out stays on record under the opt-in.
    const optedOut = await h.ctx.db
      .select({ state: suppressions.state })
      .from(suppressions)
      .where(and(eq(suppressions.requestId, receipt.id), eq(suppressions.scope, "sale")));
    expect(optedOut).toEqual([{ state: "suppressed" }]);
    expect(after.scopes.find((one: { scope: string }) => one.scope === "sale").since).toBe("2026-11-21T15:00:00.000Z");
    const lifting = await system("/v1/suppressions/opt-in", {
      identifiers: [{ type: "email", value: email }],
      scopes: ["deleted"],
    });
    expect(lifting.status).toBe(422);
    h.setNow("2026-11-20T15:00:00Z");
  });
});

describe("a completed deletion", () => {
  it("tells what each system deleted and kept and why, suppresses the person, and keeps them out of imports", async () => {
    const { system: billing } = await registerManual("Billing");
    const email = "dora.deleted@example.com";
    const request = await reviewableRequest(h, intakeBody({ kind: "deletion", subject: { name: "Dora", email } }));
    expect(await h.ctx.db.select().from(subjectRecords).where(eq(subjectRecords.email, email))).toHaveLength(1);
    const fulfilled = await reviewer.act(request.id, "fulfil", { version: request.version, scope: "full" });
    const { tasks } = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
    const closed = await reviewer.act(request.id, "close-task", {
      version: fulfilled.body.version,
      taskId: tasks.find((task: { dataSystem: { id: string } }) => task.dataSystem.id === billing.id).id,
      outcome: "done",
      reason: "Deleted the customer profile and payment methods.",
      kept: [{ what: "Invoices of the last seven years", exception: "legal_obligation" }],
    });
    expect(closed.status).toBe(200);
    for (const task of tasks.filter((one: { dataSystem: { id: string } }) => one.dataSystem.id !== billing.id)) {
      const detail = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
      await reviewer.act(request.id, "close-task", {
        version: detail.request.version,
        taskId: task.id,
        outcome: "not_applicable",
        reason: "Holds nothing of the kind.",
      });
    }
    expect((await json(await reviewer.get(`/v1/review/requests/${request.id}`))).request.status).toBe("completed");

    const [decision] = await h.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.requestId, request.id), eq(outbox.template, "decision")));
    expect(decision?.payload.deletion).toMatchObject({
      systems: expect.arrayContaining([{ system: "Billing", deleted: true }]),
      kept: [
        {
          system: "Billing",
          what: "Invoices of the last seven years",
          why: "to comply with a legal obligation, such as keeping tax and accounting records",
          cite: "Cal. Civ. Code §1798.105(d)(8) (u); GDPR Art. 17(3)(b)",
        },
      ],
    });
    const mail = createRenderer(h.ctx.config)("decision", decision?.payload);
    expect(mail.text).toContain("- Billing: deleted your data");
    expect(mail.text).toContain("- Invoices of the last seven years (Billing): to comply with a legal obligation");
    expect(mail.text).toContain("We keep a record of your request and of what we did");

    expect(scopesOf((await check([{ type: "email", value: email }]))[0])).toEqual({ deleted: "suppressed" });
    expect(await h.ctx.db.select().from(subjectRecords).where(eq(subjectRecords.email, email))).toHaveLength(0);
    const report = await importSubjects(
      h.ctx.db,
      `email,phone\n${email},4155550100\nnew.customer@example.com,`,
      "csv:crm-again.csv",
      h.by(),
      h.ctx.config.TOKEN_SECRET,
    );
    expect(report).toMatchObject({ imported: 1, suppressed: 1 });
    expect(await h.ctx.db.select().from(subjectRecords).where(eq(subjectRecords.email, email))).toHaveLength(0);
  });
});

async function registerManual(name: string) {
  const admin = await staffMember(h, "admin");
  return json(
    await admin.post("/v1/admin/data-systems", {
      name,
      reach: "manual",
      owner: { name: "Owner", email: "owner@example.com" },
      requestKinds: ["deletion"],
      categories: [{ category: "commercial", purposes: ["Invoices"] }],
    }),
  );
}
