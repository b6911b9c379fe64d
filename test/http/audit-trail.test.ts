import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestEvents } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";

let h: Harness;
let requestId: string;
beforeAll(async () => {
  h = await createHarness();
  requestId = (await json(await h.post("/v1/requests", intakeBody()))).id;
});
afterAll(() => h.close());

describe("the audit trail", () => {
  it("refuses an UPDATE", async () => {
    await expect(
      h.ctx.db.update(requestEvents).set({ action: "rewritten" }).where(eq(requestEvents.requestId, requestId)),
    ).rejects.toThrow();
    const events = await h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId));
    expect(events.map((event) => event.action)).not.toContain("rewritten");
  });

  it("refuses a DELETE and a TRUNCATE", async () => {
    await expect(h.ctx.db.delete(requestEvents).where(eq(requestEvents.requestId, requestId))).rejects.toThrow();
    await expect(h.ctx.db.execute(sql`truncate request_events cascade`)).rejects.toThrow();
    expect(await h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId))).toHaveLength(2);
  });

  it("still takes new events", async () => {
    await h.ctx.db.insert(requestEvents).values({ requestId, at: new Date(), actorType: "system", action: "noted" });
    expect(await h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId))).toHaveLength(3);
  });
});
