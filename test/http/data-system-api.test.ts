import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";

/**
 * A data system with a token of its own: it reads only its own tasks (with what to do and whom it is about),
 * reports on them, and every other route is nothing to it; admins issue and revoke its tokens on the general trail.
 */
let h: Harness;
let admin: StaffMember;
let reviewer: StaffMember;
const systems: Record<string, { id: string; token: string }> = {};

beforeAll(async () => {
  h = await createHarness();
  h.setNow("2026-11-20T15:00:00Z");
  admin = await staffMember(h, "admin");
  reviewer = await staffMember(h, "reviewer");
  for (const name of ["Warehouse", "Newsletter"]) {
    const { system } = await json(
      await admin.post("/v1/admin/data-systems", {
        name,
        reach: "manual",
        owner: { name: "Owner", email: "owner@example.com" },
        requestKinds: ["opt_out"],
        categories: [{ category: "identifiers", purposes: ["Accounts"] }],
      }),
    );
    const issued = await admin.post(`/v1/admin/data-systems/${system.id}/tokens`, { label: "sync" });
    expect(issued.status).toBe(201);
    const { token } = await json(issued);
    expect(token).toMatch(/^rdsys_/);
    systems[name] = { id: system.id, token };
  }
});
afterAll(() => h.close());

const as = (system: string) => {
  const { token } = systems[system] as { token: string };
  return {
    get: (path: string) => h.app.request(path, { headers: { authorization: `Bearer ${token}` } }),
    post: (path: string, body: unknown) =>
      h.app.request(path, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
  };
};

describe("the data system API", () => {
  it("lists a system's own open tasks with the job, takes its report, and completes the request", async () => {
    const receipt = await json(await h.post("/v1/requests", intakeBody({ optOutScopes: ["sale", "sharing"] })));
    expect((await reviewer.act(receipt.id, "fulfil", { version: 1, scope: "full" })).status).toBe(200);
    const { items } = await json(await as("Warehouse").get("/v1/data-system/tasks"));
    const mine = items.find(
      (task: { request: { trackingNumber: string } }) => task.request.trackingNumber === receipt.trackingNumber,
    );
    expect(mine).toMatchObject({
      status: "sent",
      dueOn: "2026-12-07",
      request: { kind: "opt_out", optOutScopes: ["sale", "sharing"] },
      subject: { name: "Jane Doe", email: expect.stringMatching(/@example\.com$/) },
    });
    const theirs = (await json(await as("Newsletter").get("/v1/data-system/tasks"))).items.find(
      (task: { request: { trackingNumber: string } }) => task.request.trackingNumber === receipt.trackingNumber,
    );
    expect(theirs.taskId).not.toBe(mine.taskId);

    // Another system's task is not found, to read or to report on.
    expect((await as("Newsletter").get(`/v1/data-system/tasks/${mine.taskId}`)).status).toBe(404);
    expect(
      (await as("Newsletter").post(`/v1/data-system/tasks/${mine.taskId}/report`, { outcome: "done" })).status,
    ).toBe(404);

    const reported = await as("Warehouse").post(`/v1/data-system/tasks/${mine.taskId}/report`, {
      outcome: "done",
      summary: "Flagged as do-not-sell.",
    });
    expect(await json(reported)).toEqual({ taskId: mine.taskId, status: "done" });
    expect((await json(await as("Warehouse").get(`/v1/data-system/tasks/${mine.taskId}`))).status).toBe("done");
    await as("Newsletter").post(`/v1/data-system/tasks/${theirs.taskId}/report`, { outcome: "not_applicable" });
    const detail = await json(await reviewer.get(`/v1/review/requests/${receipt.id}`));
    expect(detail.request.status).toBe("completed");
  });

  it("is all a system's token opens: staff routes answer 404, and a revoked token 401", async () => {
    expect((await as("Warehouse").get("/v1/review/requests")).status).toBe(404);
    expect((await as("Warehouse").get(`/v1/admin/data-systems/${systems.Warehouse?.id}`)).status).toBe(404);
    const { system } = await json(
      await admin.post("/v1/admin/data-systems", {
        name: "Short-lived",
        reach: "manual",
        owner: { name: "Owner", email: "owner@example.com" },
        requestKinds: ["opt_out"],
        categories: [{ category: "identifiers", purposes: ["Accounts"] }],
      }),
    );
    const { tokenId, token } = await json(
      await admin.post(`/v1/admin/data-systems/${system.id}/tokens`, { label: "x" }),
    );
    const call = () => h.app.request("/v1/data-system/tasks", { headers: { authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(200);
    expect((await admin.post(`/v1/admin/data-systems/${system.id}/tokens/${tokenId}/revoke`, {})).status).toBe(200);
    expect((await call()).status).toBe(401);
    const again = await admin.post(`/v1/admin/data-systems/${system.id}/tokens/${tokenId}/revoke`, {});
    expect(again.status).toBe(404);
  });
});
