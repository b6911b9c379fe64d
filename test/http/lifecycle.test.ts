import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestEvents, requests } from "../../src/db/schema/index.js";
import { DomainError } from "../../src/domain/errors.js";
import type { RequestStatus } from "../../src/domain/lifecycle.js";
import { handleError } from "../../src/http/problem.js";
import type { AppEnv } from "../../src/http/router.js";
import { onRequest } from "../../src/modules/request-lifecycle/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const staff = { type: "staff" as const, id: "reviewer-1", role: "reviewer" as const };
const at = new Date("2026-11-21T10:00:00Z");

async function openRequest(): Promise<string> {
  return (await json(await h.post("/v1/requests", intakeBody({ kind: "deletion" })))).id;
}

const move = (requestId: string, to: RequestStatus, expectedVersion?: number) =>
  onRequest(h.ctx.db, { requestId, actor: staff, at, expectedVersion }, ({ change }) =>
    change({ action: "ready_for_review", to }),
  );

describe("moving a request through its lifecycle", () => {
  it("changes status, bumps the version and writes an audit event in the same transaction", async () => {
    const id = await openRequest();
    expect(await move(id, "in_review")).toBe(2);
    const [row] = await h.ctx.db.select().from(requests).where(eq(requests.id, id));
    expect(row).toMatchObject({ status: "in_review", version: 2 });
    const events = await h.ctx.db
      .select()
      .from(requestEvents)
      .where(eq(requestEvents.requestId, id))
      .orderBy(requestEvents.id);
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus, e.actorType, e.actorId])).toEqual([
      ["received", null, "received", "requester", null],
      ["verification_started", "received", "verifying", "system", "intake"],
      ["ready_for_review", "verifying", "in_review", "staff", "reviewer-1"],
    ]);
  });

  it("refuses an illegal move, changes nothing, and is answered 409", async () => {
    const id = await openRequest();
    const error = await move(id, "completed").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("invalid_transition");
    const [row] = await h.ctx.db.select().from(requests).where(eq(requests.id, id));
    expect(row).toMatchObject({ status: "verifying", version: 1 });
    expect(await h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, id))).toHaveLength(2);

    // Any route that lets the error through answers it as a 409 problem.
    const app = new Hono<AppEnv>().get("/move", () => {
      throw error;
    });
    app.onError(handleError);
    const res = await app.request("/move");
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await json(res)).toMatchObject({
      status: 409,
      detail: "This request is waiting for the requester to confirm their identity, so it cannot be completed now.",
    });
  });

  it("refuses a move made against a stale version", async () => {
    const id = await openRequest();
    await move(id, "in_review", 1);
    await expect(move(id, "fulfilling", 1)).rejects.toMatchObject({ code: "conflict" });
    expect(await move(id, "fulfilling", 2)).toBe(3);
  });

  it("answers not found for an unknown request", async () => {
    await expect(move("00000000-0000-4000-8000-000000000000", "in_review")).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
