import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ageBands, jurisdictions, optOutScopes, requestKinds, submitterRoles } from "../../src/domain/vocabulary.js";
import { createHarness, type Harness } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

// Strings that go wrong in databases and parsers: NUL, lone surrogates, huge, padded, SQL-ish, emoji.
const nastyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\ud800",
    "😀",
    "'; drop table requests; --",
    "a".repeat(5000),
    "jane@example.com",
  ),
);
const nearlyValue = fc.oneof(nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]));

const plausibleBody = fc.record(
  {
    kind: fc.oneof(fc.constantFrom(...requestKinds), nastyString),
    subject: fc.oneof(
      fc.record(
        {
          name: fc.oneof(fc.string({ minLength: 1, maxLength: 50 }), nearlyValue),
          email: fc.oneof(fc.emailAddress(), nearlyValue),
          phone: fc.oneof(fc.stringMatching(/^\+?[0-9 ()-]{5,20}$/), nearlyValue),
          accountId: nearlyValue,
        },
        { requiredKeys: [] },
      ),
      nearlyValue,
    ),
    jurisdiction: fc.oneof(fc.constantFrom(...jurisdictions), nastyString),
    ageBand: fc.oneof(fc.constantFrom(...ageBands), nearlyValue),
    submittedBy: fc.oneof(
      fc.record(
        {
          role: fc.oneof(fc.constantFrom(...submitterRoles), nastyString),
          name: nearlyValue,
          email: fc.emailAddress(),
        },
        { requiredKeys: [] },
      ),
      nearlyValue,
    ),
    details: nearlyValue,
    corrections: fc.oneof(
      fc.array(fc.record({ field: nastyString, currentValue: nearlyValue, requestedValue: nastyString }), {
        maxLength: 3,
      }),
      nearlyValue,
    ),
    optOutScopes: fc.oneof(
      fc.array(fc.oneof(fc.constantFrom(...optOutScopes), nastyString), { maxLength: 5 }),
      nearlyValue,
    ),
  },
  { requiredKeys: [] },
);

// Bodies that should be accepted, with arbitrary printable text, to exercise the write path and its encodings.
const printable = fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0);
const validBody = fc
  .record({
    kind: fc.constantFrom(...requestKinds),
    name: printable,
    email: fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_+-]{0,19}@[a-z][a-z0-9]{0,19}\.[a-z]{2,6}$/),
    jurisdiction: fc.constantFrom(...jurisdictions),
    ageBand: fc.option(fc.constantFrom(...ageBands), { nil: undefined }),
    details: fc.option(fc.string({ unit: "grapheme", maxLength: 500 }), { nil: undefined }),
    scopes: fc.uniqueArray(fc.constantFrom(...optOutScopes), { minLength: 1 }),
    requestedValue: printable,
  })
  .map(({ kind, name, email, scopes, requestedValue, ...rest }) => ({
    kind,
    subject: { name, email },
    ...rest,
    ...(kind === "opt_out" ? { optOutScopes: scopes } : {}),
    ...(kind === "correction" ? { corrections: [{ field: "name", requestedValue }] } : {}),
  }));

const anyJson = fc.jsonValue({ maxDepth: 4 });

describe("intake fuzzing: nothing a client sends gets a 5xx", () => {
  it("survives thousands of generated bodies", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { arbitrary: plausibleBody, weight: 4 },
          { arbitrary: validBody, weight: 1 },
          { arbitrary: anyJson, weight: 1 },
        ),
        async (body) => {
          const res = await h.post("/v1/requests", body);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status).toBeLessThan(500);
          if (res.status !== 202) expect(res.headers.get("content-type")).toBe("application/problem+json");
        },
      ),
      { numRuns: 2500 },
    );
    // The generator must reach both sides of validation, or the property proves little.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(200);
    expect(statuses.get(422) ?? 0).toBeGreaterThan(1000);
  }, 240_000);

  it("survives raw bytes and odd headers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: "binary", maxLength: 200 }),
        fc.constantFrom(
          "application/json",
          "application/json; charset=utf-8",
          "application/merge-patch+json",
          "text/json",
        ),
        fc.option(fc.string({ unit: "grapheme-ascii", maxLength: 300 })),
        async (raw, contentType, key) => {
          const headers: Record<string, string> = { "content-type": contentType };
          if (key !== null) headers["idempotency-key"] = key;
          const res = await h.post("/v1/requests", raw, headers);
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 500 },
    );
  }, 120_000);
});
