import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, dataSystems } from "../../src/db/schema/index.js";
import { unseal } from "../../src/security/secrets.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";

let h: Harness;
let admin: StaffMember;
beforeAll(async () => {
  h = await createHarness();
  admin = await staffMember(h, "admin");
});
afterAll(() => h.close());

let counter = 0;
const crm = (overrides: Record<string, unknown> = {}) => ({
  name: `CRM ${++counter}`,
  reach: "webhook",
  webhookUrl: "https://crm.example.com/privacy/jobs",
  owner: { name: "Sam Owner", email: "Sam.Owner@Example.com" },
  requestKinds: ["access", "deletion", "correction"],
  categories: [
    { category: "identifiers", purposes: ["Account management"], recipients: ["Payment processors"] },
    { category: "commercial", purposes: ["Order history"] },
  ],
  correctableFields: ["postal_address", "phone"],
  ...overrides,
});

const patch = (id: string, body: unknown) =>
  h.app.request(`/v1/admin/data-systems/${id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("the data systems registry", () => {
  it("registers a webhook system, shows its signing secret once and keeps it only sealed", async () => {
    const res = await admin.post("/v1/admin/data-systems", crm());
    expect(res.status).toBe(201);
    const { system, webhookSecret } = await json(res);
    expect(webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(system).toMatchObject({
      reach: "webhook",
      owner: { name: "Sam Owner", email: "sam.owner@example.com" },
      categories: [
        { category: "identifiers", purposes: ["Account management"], recipients: ["Payment processors"] },
        { category: "commercial", purposes: ["Order history"], recipients: [] },
      ],
      enabled: true,
      version: 1,
    });
    const read = await json(await admin.get(`/v1/admin/data-systems/${system.id}`));
    expect(read).toEqual(system);
    expect(JSON.stringify(await json(await admin.get("/v1/admin/data-systems")))).not.toContain(webhookSecret);
    const [row] = await h.ctx.db.select().from(dataSystems).where(eq(dataSystems.id, system.id));
    expect(JSON.stringify(row)).not.toContain(webhookSecret.slice(6));
    expect(unseal(h.ctx.config.TOKEN_SECRET, row?.webhookSecretSealed as string)).toEqual({ webhookSecret });
  });

  it("registers a manual system, which has no secret", async () => {
    const res = await admin.post(
      "/v1/admin/data-systems",
      crm({ reach: "manual", webhookUrl: undefined, requestKinds: ["access"], correctableFields: [] }),
    );
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.webhookSecret).toBeUndefined();
    expect(body.system.webhookUrl).toBeNull();
    const rotated = await admin.post(`/v1/admin/data-systems/${body.system.id}/secret`, {});
    expect(rotated.status).toBe(409);
  });

  it("refuses what a privacy team could not use, naming the field", async () => {
    const refused = async (body: unknown, field: string) => {
      const res = await admin.post("/v1/admin/data-systems", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const fields = (await json(res)).errors.map((issue: { field: string }) => issue.field);
      expect(fields).toContain(field);
    };
    await refused(crm({ webhookUrl: "http://crm.example.com/jobs" }), "webhookUrl");
    await refused(crm({ webhookUrl: "" }), "webhookUrl");
    await refused(crm({ webhookUrl: "javascript:alert(1)" }), "webhookUrl");
    await refused(crm({ webhookUrl: "https://user:pw@crm.example.com/jobs" }), "webhookUrl");
    await refused(crm({ categories: [{ category: "horoscopes", purposes: ["fun"] }] }), "categories.0.category");
    await refused(crm({ categories: [] }), "categories");
    await refused(crm({ requestKinds: [] }), "requestKinds");
    await refused(crm({ correctableFields: [] }), "correctableFields");
    await refused(crm({ owner: { name: "Sam", email: "not an address" } }), "owner.email");
    await refused(crm({ name: "a\u0000b" }), "name");
    // Percent-escapes a driver cannot decode (it would throw) or that decode to control characters.
    const database = (connectionUrl: string) =>
      crm({
        reach: "postgres",
        webhookUrl: undefined,
        connectionUrl,
        tables: [
          {
            table: "customers",
            subjectColumn: "email",
            identifiedBy: "email",
            exportColumns: ["email"],
            deletion: { action: "delete_rows" },
          },
        ],
      });
    await refused(database("postgres://%E0@127.0.0.1:1/shop"), "connectionUrl");
    await refused(database("postgres://user:%00@127.0.0.1:1/shop"), "connectionUrl");
    await refused(database("https://db.example.com/shop"), "connectionUrl");
    expect((await admin.post("/v1/admin/data-systems", crm({ webhookUrl: "http://127.0.0.1:9999/jobs" }))).status).toBe(
      201,
    );
  });

  it("refuses a second system of the same name", async () => {
    const first = crm();
    expect((await admin.post("/v1/admin/data-systems", first)).status).toBe(201);
    const again = await admin.post("/v1/admin/data-systems", { ...crm(), name: first.name });
    expect(again.status).toBe(409);
  });

  it("changes only what is given, at the version loaded, and disables a system", async () => {
    const { system } = await json(await admin.post("/v1/admin/data-systems", crm()));
    const res = await patch(system.id, { version: 1, requestKinds: ["access", "opt_out"], enabled: false });
    expect(res.status).toBe(200);
    const changed = await json(res);
    expect(changed).toMatchObject({ requestKinds: ["access", "opt_out"], enabled: false, version: 2 });
    expect(changed.categories).toEqual(system.categories);
    expect((await patch(system.id, { version: 1, enabled: true })).status).toBe(409);
    const corrections = await patch(system.id, { version: 2, requestKinds: ["correction"], correctableFields: [] });
    expect(corrections.status).toBe(422);
    expect((await patch("00000000-0000-4000-8000-000000000000", { version: 1 })).status).toBe(404);
  });

  it("rotates the secret: a new one, shown once, the old one gone", async () => {
    const { system, webhookSecret } = await json(await admin.post("/v1/admin/data-systems", crm()));
    const res = await admin.post(`/v1/admin/data-systems/${system.id}/secret`, {});
    expect(res.status).toBe(200);
    const rotated = await json(res);
    expect(rotated.webhookSecret).toMatch(/^whsec_/);
    expect(rotated.webhookSecret).not.toBe(webhookSecret);
    expect(rotated.system.version).toBe(2);
    const [row] = await h.ctx.db.select().from(dataSystems).where(eq(dataSystems.id, system.id));
    expect(unseal(h.ctx.config.TOKEN_SECRET, row?.webhookSecretSealed as string)).toEqual({
      webhookSecret: rotated.webhookSecret,
    });
  });

  it("records every registration, change and rotation on the general trail, without secrets or owners", async () => {
    const { system, webhookSecret } = await json(await admin.post("/v1/admin/data-systems", crm()));
    const changed = await patch(system.id, {
      version: 1,
      owner: { name: "New Owner", email: "new.owner@example.com" },
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    const { webhookSecret: rotated } = await json(await admin.post(`/v1/admin/data-systems/${system.id}/secret`, {}));
    const events = await h.ctx.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, system.id))
      .orderBy(auditEvents.id);
    expect(events.map((event) => [event.action, event.subjectType, event.actorId, event.actorRole])).toEqual([
      ["data_system_registered", "data_system", admin.id, "admin"],
      ["data_system_changed", "data_system", admin.id, "admin"],
      ["data_system_secret_rotated", "data_system", admin.id, "admin"],
    ]);
    expect(events[1]?.data).toEqual({ changed: ["owner"] });
    const trail = JSON.stringify(events);
    for (const secret of [webhookSecret, rotated, "new.owner@example.com", "sam.owner@example.com"]) {
      expect(trail).not.toContain(secret);
    }
    expect((await json(await admin.get("/v1/audit/verify"))).intact).toBe(true);
  });
});
