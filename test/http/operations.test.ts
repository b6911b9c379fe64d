import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { capturingLogger } from "../support/logs.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe("operations endpoints", () => {
  it("/healthz answers while the process is up", async () => {
    const res = await h.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok" });
  });

  it("/readyz answers ready while the database answers", async () => {
    const res = await h.app.request("/readyz");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ready" });
  });

  it("serves an OpenAPI 3.1 document generated from the schemas", async () => {
    const res = await h.app.request("/openapi.json");
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe("3.1.0");
    const intake = doc.paths["/v1/requests"].post;
    expect(Object.keys(intake.responses).sort()).toEqual(["202", "400", "413", "415", "422", "429"]);
    expect(doc.paths["/v1/requests/{id}/verification"].post.requestBody).toBeDefined();
    expect(doc.components.schemas.IntakeRequest.required).toEqual(["kind", "subject", "jurisdiction"]);
    expect(doc.components.schemas.IntakeRequest.properties.kind.enum).toContain("limit_sensitive");
  });

  it("serves a reference page at /docs", async () => {
    const res = await h.app.request("/docs");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("/openapi.json");
  });
});

describe("without a database", () => {
  it("/readyz answers 503 once the database is gone", async () => {
    const broken = await createHarness();
    await broken.close();
    const res = await broken.app.request("/readyz");
    expect(res.status).toBe(503);
  });

  it("an intake the database refuses answers a bare 500 and logs no personal data", async () => {
    const broken = await createHarness();
    // A failed query's message carries its parameters: exactly what must not reach the log.
    await broken.ctx.db.execute(sql`alter table outbox add constraint refuse_all check (false)`);
    const { log, text: logged } = capturingLogger();
    const app = createApp(broken.ctx, { log });
    try {
      const res = await app.request("/v1/requests", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(intakeBody({ subject: { name: "Zed Secretname", email: "zed@private.example" } })),
      });
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(logged()).toContain("incident");
      expect(logged()).toContain('"code":"23514"');
      for (const text of [body, logged()]) {
        expect(text).not.toContain("Secretname");
        expect(text).not.toContain("zed@private.example");
      }
    } finally {
      await broken.close();
    }
  });
});
