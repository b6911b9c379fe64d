import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, json } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
}

describe("the OpenAPI document", () => {
  it("gives every operation a unique operationId, a summary and a description, so clients can be generated", async () => {
    const doc = await json(await h.app.request("/openapi.json"));
    const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ at: `${method} ${path}`, ...operation })),
    );
    expect(operations.length).toBeGreaterThan(20);
    const lacking = operations.filter(
      (operation) => !operation.operationId || !operation.summary || !operation.description,
    );
    expect(lacking.map((operation) => operation.at)).toEqual([]);
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
