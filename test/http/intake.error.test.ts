import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requests } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = await json(res);
  expect(body).toMatchObject({ status, title: expect.any(String) });
  return body as { errors?: { field: string; message: string }[] };
}

const fields = (problem: { errors?: { field: string }[] }) => problem.errors?.map((e) => e.field).sort();

describe("POST /v1/requests refuses bad input with a problem naming what is wrong", () => {
  it("415 for a body that is not JSON by content type", async () => {
    await expectProblem(await h.post("/v1/requests", "kind=access", { "content-type": "text/plain" }), 415);
    await expectProblem(
      await h.app.request("/v1/requests", { method: "POST", body: JSON.stringify(intakeBody()) }),
      415,
    );
  });

  it("400 for malformed JSON", async () => {
    await expectProblem(await h.post("/v1/requests", '{"kind": "access",'), 400);
  });

  it("413 for a body over 64 KiB", async () => {
    const res = await h.post("/v1/requests", intakeBody({ details: "x".repeat(70 * 1024) }));
    await expectProblem(res, 413);
  });

  it("422 listing each invalid field", async () => {
    const problem = await expectProblem(
      await h.post("/v1/requests", {
        kind: "erase",
        subject: { name: " ", email: "not-an-address", phone: "call me" },
        jurisdiction: "US-ZZ",
        ageBand: "child",
        surprise: true,
      }),
      422,
    );
    expect(fields(problem)).toEqual(
      ["ageBand", "jurisdiction", "kind", "subject.email", "subject.name", "subject.phone", "surprise"].sort(),
    );
  });

  it("422 when a correction has no corrections or an opt-out no scopes", async () => {
    expect(fields(await expectProblem(await h.post("/v1/requests", intakeBody({ kind: "correction" })), 422))).toEqual([
      "corrections",
    ]);
    expect(
      fields(
        await expectProblem(
          await h.post("/v1/requests", intakeBody({ kind: "opt_out", optOutScopes: undefined })),
          422,
        ),
      ),
    ).toEqual(["optOutScopes"]);
    const misplaced = await h.post("/v1/requests", intakeBody({ kind: "access", optOutScopes: ["sale"] }));
    expect(fields(await expectProblem(misplaced, 422))).toEqual(["optOutScopes"]);
    const repeated = await h.post("/v1/requests", intakeBody({ kind: "opt_out", optOutScopes: ["sale", "sale"] }));
    expect(fields(await expectProblem(repeated, 422))).toEqual(["optOutScopes"]);
  });

  it("422 for an opt-in about a minor, whose consent is taken on the company's own sites", async () => {
    const minor = await h.post("/v1/requests", intakeBody({ kind: "opt_in", ageBand: "16_17" }));
    expect(fields(await expectProblem(minor, 422))).toEqual(["ageBand"]);
    const adult = await h.post("/v1/requests", intakeBody({ kind: "opt_in", ageBand: "adult" }));
    expect(adult.status).toBe(202);
  });

  it("422 on kind for a right the request's law does not give, when the company answers it only as the law requires", async () => {
    Object.assign(h.ctx.config, { RIGHTS_HONOURED: "where_required" });
    try {
      const californian = await h.post("/v1/requests", intakeBody({ kind: "third_party_list", jurisdiction: "US-CA" }));
      const problem = await expectProblem(californian, 422);
      expect(problem.errors).toEqual([
        {
          field: "kind",
          message: expect.stringMatching(/^The law of California does not give this right.*: Oregon, Delaware/),
        },
      ]);
      const oregonian = await h.post("/v1/requests", intakeBody({ kind: "third_party_list", jurisdiction: "US-OR" }));
      expect(oregonian.status).toBe(202);
    } finally {
      Object.assign(h.ctx.config, { RIGHTS_HONOURED: "everywhere" });
    }
    // Honoured everywhere (the default), the same request stands, on the company's promise alone.
    const honoured = await h.post("/v1/requests", intakeBody({ kind: "third_party_list", jurisdiction: "US-CA" }));
    expect(honoured.status).toBe(202);
    expect(await json(honoured)).toMatchObject({ respondByBasis: expect.stringMatching(/^Company promise/) });
  });

  it("422 when an agent or a parent does not say who they are", async () => {
    const res = await h.post("/v1/requests", intakeBody({ submittedBy: { role: "parent" } }));
    expect(fields(await expectProblem(res, 422))).toEqual(["submittedBy.email", "submittedBy.name"]);
  });

  it("422 for control characters, which PostgreSQL text cannot always hold", async () => {
    const res = await h.post(
      "/v1/requests",
      intakeBody({ subject: { name: "Jane\u0000Doe", email: "a@example.com" } }),
    );
    expect(fields(await expectProblem(res, 422))).toEqual(["subject.name"]);
  });

  it("422 when an Idempotency-Key is reused with a different body, creating nothing", async () => {
    const headers = { "Idempotency-Key": "reused-key" };
    expect((await h.post("/v1/requests", intakeBody(), headers)).status).toBe(202);
    const before = (await h.ctx.db.select().from(requests)).length;
    const problem = await expectProblem(await h.post("/v1/requests", intakeBody(), headers), 422);
    expect(fields(problem)).toEqual(["Idempotency-Key"]);
    expect((await h.ctx.db.select().from(requests)).length).toBe(before);
  });

  it("422 for an Idempotency-Key that is too long", async () => {
    const res = await h.post("/v1/requests", intakeBody(), { "Idempotency-Key": "k".repeat(300) });
    expect(fields(await expectProblem(res, 422))).toEqual(["idempotency-key"]);
  });

  it("404 as a problem for an unknown address", async () => {
    await expectProblem(await h.app.request("/v1/nowhere"), 404);
  });
});
