import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, json } from "../support/harness.js";

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
    expect(Object.keys(intake.responses).sort()).toEqual(["202", "400", "413", "415", "422"]);
    expect(doc.components.schemas.IntakeRequest.required).toEqual(["kind", "subject", "jurisdiction"]);
    expect(doc.components.schemas.IntakeRequest.properties.kind.enum).toContain("limit_sensitive");
  });

  it("serves a reference page at /docs", async () => {
    const res = await h.app.request("/docs");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("/openapi.json");
  });
});

describe("readiness without a database", () => {
  it("/readyz answers 503 once the database is gone", async () => {
    const broken = await createHarness();
    await broken.close();
    const res = await broken.app.request("/readyz");
    expect(res.status).toBe(503);
  });
});
