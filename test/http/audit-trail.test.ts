import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestEvents } from "../../src/db/schema/index.js";
import { systemJob } from "../../src/domain/actor.js";
import { onRequest } from "../../src/modules/request-lifecycle/index.js";
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
      h.ctx.db.update(requestEvents).set({ action: "withdrawn" }).where(eq(requestEvents.requestId, requestId)),
    ).rejects.toThrow();
    const events = await h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId));
    expect(events.map((event) => event.action)).not.toContain("withdrawn");
  });

  it("refuses a DELETE and a TRUNCATE", async () => {
    await expect(h.ctx.db.delete(requestEvents).where(eq(requestEvents.requestId, requestId))).rejects.toThrow();
    await expect(h.ctx.db.execute(sql`truncate request_events cascade`)).rejects.toThrow();
    expect(await h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId))).toHaveLength(2);
  });

  it("still takes new events, through the request door", async () => {
    await onRequest(h.ctx.db, { requestId, actor: systemJob("test"), at: new Date() }, ({ change }) =>
      change({ action: "note_added", data: { note: "checked" } }),
    );
    expect(await h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, requestId))).toHaveLength(3);
  });

  it("refuses an event written around the door, without its link in the chain", async () => {
    await expect(
      h.ctx.db.insert(requestEvents).values({ requestId, at: new Date(), actorType: "system", action: "note_added" }),
    ).rejects.toThrow();
  });
});
