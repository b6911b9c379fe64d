import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, staffTokens } from "../../src/db/schema/index.js";
import { createStaffToken } from "../../src/modules/staff/staff-tokens.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("dead messages for admins", () => {
  it("are listed and can be queued again", async () => {
    const receipt = await json(await h.post("/v1/requests", intakeBody()));
    await h.ctx.db
      .update(outbox)
      .set({ state: "dead", attempts: 12, lastError: "550 refused" })
      .where(eq(outbox.requestId, receipt.id));
    const { token, tokenId } = await createStaffToken(
      h.ctx.db,
      {
        email: "admin@staff.example",
        role: "admin",
        label: "test",
      },
      h.by(),
    );
    const auth = { authorization: `Bearer ${token}` };

    const listed = await h.app.request("/v1/admin/outbox/dead", { headers: auth });
    expect(listed.status).toBe(200);
    const { items } = await json(listed);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      template: "acknowledgement",
      trackingNumber: receipt.trackingNumber,
      attempts: 12,
    });

    const retried = await h.app.request(`/v1/admin/outbox/${items[0].id}/retry`, { method: "POST", headers: auth });
    expect(retried.status).toBe(202);
    expect((await json(await h.app.request("/v1/admin/outbox/dead", { headers: auth }))).items).toEqual([]);
    const [row] = await h.ctx.db.select().from(outbox).where(eq(outbox.id, items[0].id));
    expect(row).toMatchObject({ state: "pending", attempts: 0 });

    expect(
      (await h.app.request(`/v1/admin/outbox/${items[0].id}/retry`, { method: "POST", headers: auth })).status,
    ).toBe(404);
    const [used] = await h.ctx.db.select().from(staffTokens).where(eq(staffTokens.id, tokenId));
    expect(used?.lastUsedAt).toBeInstanceOf(Date);
    expect(used?.tokenHash).not.toContain(token);
  });
});
