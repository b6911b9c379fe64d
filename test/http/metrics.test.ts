import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { createMetrics } from "../../src/metrics.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffMember } from "../support/staff.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const token = "a-metrics-token-of-some-length";

describe("GET /metrics", () => {
  it("serves Prometheus metrics to the holder of METRICS_TOKEN: requests by route, the queue, the outbox", async () => {
    const app = createApp(
      { ...h.ctx, config: { ...h.ctx.config, METRICS_TOKEN: token } },
      { metrics: createMetrics(h.ctx.db, h.ctx.config.BUSINESS_TIMEZONE) },
    );
    h.setNow(new Date());
    for (let i = 0; i < 2; i++) {
      await app.request("/v1/requests", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(intakeBody()),
      });
    }
    expect((await app.request("/metrics")).status).toBe(401);
    expect((await app.request("/metrics", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const res = await app.request("/metrics", { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain('rightsdesk_http_requests_total{method="POST",route="/v1/requests",status="202"} 2');
    expect(text).toMatch(/rightsdesk_http_request_duration_seconds_count\{method="POST",route="\/v1\/requests"\} 2/);
    expect(text).toMatch(/rightsdesk_open_requests\{bucket="unassigned"\} [1-9]/);
    expect(text).toMatch(/rightsdesk_outbox_due_messages [1-9]/);
    expect(text).toMatch(/rightsdesk_outbox_lag_seconds \d/);
    expect(text).toContain("rightsdesk_outbox_dead_messages 0");
    expect(text).toContain("rightsdesk_process_resident_memory_bytes");
  });

  it("counts the data systems' open tasks, and those past their due date", async () => {
    const app = createApp(
      { ...h.ctx, config: { ...h.ctx.config, METRICS_TOKEN: token } },
      { metrics: createMetrics(h.ctx.db, h.ctx.config.BUSINESS_TIMEZONE) },
    );
    const admin = await staffMember(h, "admin");
    await admin.post("/v1/admin/data-systems", {
      name: "Billing",
      reach: "manual",
      owner: { name: "Owner", email: "owner@example.com" },
      requestKinds: ["opt_out"],
      categories: [{ category: "identifiers", purposes: ["Accounts"] }],
    });
    const fulfil = async (at: Date) => {
      h.setNow(at);
      const receipt = await json(await h.post("/v1/requests", intakeBody()));
      expect((await admin.act(receipt.id, "fulfil", { version: 1, scope: "full" })).status).toBe(200);
    };
    await fulfil(new Date(Date.now() - 60 * 86_400_000));
    await fulfil(new Date());
    const text = await (await app.request("/metrics", { headers: { authorization: `Bearer ${token}` } })).text();
    expect(text).toContain('rightsdesk_open_tasks{state="open"} 2');
    expect(text).toContain('rightsdesk_open_tasks{state="overdue"} 1');
  });

  it("counts the complaints not yet answered, and those past their answer day", async () => {
    const app = createApp(
      { ...h.ctx, config: { ...h.ctx.config, METRICS_TOKEN: token } },
      { metrics: createMetrics(h.ctx.db, h.ctx.config.BUSINESS_TIMEZONE) },
    );
    for (const at of [new Date(Date.now() - 60 * 86_400_000), new Date()]) {
      h.setNow(at);
      const body = { name: "Jane Doe", email: "jane@example.com", statement: "No answer came." };
      expect((await h.post("/v1/complaints", body)).status).toBe(201);
    }
    const text = await (await app.request("/metrics", { headers: { authorization: `Bearer ${token}` } })).text();
    expect(text).toContain('rightsdesk_open_complaints{state="open"} 2');
    expect(text).toContain('rightsdesk_open_complaints{state="overdue"} 1');
  });

  it("is not there without METRICS_TOKEN", async () => {
    const app = createApp(h.ctx, { metrics: createMetrics(h.ctx.db, h.ctx.config.BUSINESS_TIMEZONE) });
    expect((await app.request("/metrics")).status).toBe(404);
  });
});
