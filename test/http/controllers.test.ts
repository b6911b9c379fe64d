import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, controllerKeys, controllers } from "../../src/db/schema/index.js";
import { unsealWebhookSecret } from "../../src/security/webhook-signatures.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";

/**
 * The controllers registry (the first part of Routing): business customers we process data for, with the keys that
 * tie a person's data to them, kept hashed where they are personal; and the scope each request gets from them.
 */
let h: Harness;
let admin: StaffMember;
let reviewer: StaffMember;

beforeAll(async () => {
  h = await createHarness();
  admin = await staffMember(h, "admin");
  reviewer = await staffMember(h, "reviewer");
});
afterAll(() => h.close());

const acme = (overrides: Record<string, unknown> = {}) => ({
  legalName: `Acme ${Math.random()}`,
  contacts: [{ name: "Priya Privacy", email: "privacy@acme.example" }],
  mayBeNamed: true,
  webhookUrl: "https://acme.example/privacy/requests",
  keys: {
    accountIds: ["ACC-1001"],
    tenantIds: ["acme-prod"],
    emailDomains: ["Acme.Example"],
    subjects: ["Listed.Person@elsewhere.example"],
  },
  ...overrides,
});

describe("the controllers registry", () => {
  it("registers a controller with a sealed secret shown once, its keys hashed where they are personal", async () => {
    const res = await admin.post("/v1/admin/controllers", acme());
    const text = await res.clone().text();
    expect(res.status, text).toBe(201);
    const { controller, webhookSecret } = await json(res);
    expect(webhookSecret).toMatch(/^whsec_/);
    expect(controller).toMatchObject({
      mayBeNamed: true,
      describedAs: "a business customer of ours",
      forwardingBusinessDays: 5,
      keys: { accountIds: 1, tenantIds: ["acme-prod"], emailDomains: ["acme.example"], subjects: 1 },
      version: 1,
    });
    const [row] = await h.ctx.db.select().from(controllers).where(eq(controllers.id, controller.id));
    expect(unsealWebhookSecret(h.ctx.config.TOKEN_SECRET, row?.webhookSecretSealed as string)).toBe(webhookSecret);
    const stored = JSON.stringify(await h.ctx.db.select().from(controllerKeys));
    expect(stored).not.toMatch(/ACC-1001|acc-1001|listed\.person/i);
    const [event] = await h.ctx.db.select().from(auditEvents).where(eq(auditEvents.subjectId, controller.id));
    expect(event).toMatchObject({ action: "controller_registered", actorType: "staff" });
    expect(JSON.stringify(event)).not.toContain("whsec_");
    expect((await admin.get(`/v1/admin/controllers/${controller.id}`)).status).toBe(200);
    expect((await json(await admin.get("/v1/admin/controllers"))).items.length).toBeGreaterThanOrEqual(1);
  });

  it("changes a controller at the version loaded, replacing only the key lists given, and rotates its secret", async () => {
    const { controller } = await json(await admin.post("/v1/admin/controllers", acme()));
    const patch = (body: unknown) =>
      h.app.request(`/v1/admin/controllers/${controller.id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const changed = await patch({
      version: 1,
      mayBeNamed: false,
      keys: { emailDomains: ["acme.example", "acme.test"] },
    });
    expect(await json(changed)).toMatchObject({
      version: 2,
      mayBeNamed: false,
      keys: { accountIds: 1, emailDomains: ["acme.example", "acme.test"], subjects: 1 },
    });
    expect((await patch({ version: 1, enabled: false })).status).toBe(409);
    const rotated = await admin.post(`/v1/admin/controllers/${controller.id}/secret`, {});
    expect((await json(rotated)).webhookSecret).toMatch(/^whsec_/);
    const bad = await patch({ version: 3, keys: { emailDomains: ["not a domain"] } });
    expect((await json(bad)).errors).toEqual([{ field: "keys.emailDomains.0", message: expect.any(String) }]);
  });

  it("gives each request its scope: a controller's users by account, listed address or workforce domain, or ours", async () => {
    const { controller } = await json(
      await admin.post(
        "/v1/admin/controllers",
        acme({ keys: { accountIds: ["T-77"], emailDomains: ["globex.example"], subjects: ["lisa@list.example"] } }),
      ),
    );
    const scopeOf = async (subject: Record<string, string>) => {
      const receipt = await json(
        await h.post("/v1/requests", intakeBody({ subject: { name: "P", ...subject } as never })),
      );
      return (await json(await reviewer.get(`/v1/review/requests/${receipt.id}`))).scope;
    };
    expect(await scopeOf({ email: "Worker@Globex.Example" })).toMatchObject({
      ours: false,
      controllers: [{ controllerId: controller.id, matchedBy: ["email_domain"] }],
    });
    const byAccountAndList = await scopeOf({ email: "LISA@list.example", accountId: "t-77" });
    expect(byAccountAndList.controllers[0].matchedBy.sort()).toEqual(["account_id", "subject"]);
    expect(await scopeOf({ email: "someone@nowhere.example" })).toMatchObject({ ours: true, controllers: [] });
    await h.app.request(`/v1/admin/controllers/${controller.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
      body: JSON.stringify({ version: 1, enabled: false }),
    });
    expect(await scopeOf({ email: "worker@globex.example" })).toMatchObject({ ours: true, controllers: [] });
  });
});
