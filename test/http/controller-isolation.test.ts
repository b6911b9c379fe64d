import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requests } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffMember } from "../support/staff.js";

/**
 * Isolation of the controller API, as a matrix: two controllers, each with a routed part of its own, and every
 * controller route that names a part called with each controller's token on each part. Another controller's part is
 * not found (404, never 403, so its existence is not confirmed), the same answer as an id that does not exist, and
 * it is left exactly as it was; a controller's own part answers. The list shows only one's own.
 */
let h: Harness;
const parties: Record<"a" | "b", { id: string; token: string; part: string }> = {
  a: { id: "", token: "", part: "" },
  b: { id: "", token: "", part: "" },
};

beforeAll(async () => {
  h = await createHarness();
  const admin = await staffMember(h, "admin");
  for (const [name, party] of Object.entries(parties)) {
    const registered = await json(
      await admin.post("/v1/admin/controllers", {
        legalName: `Controller ${name.toUpperCase()}`,
        contacts: [{ name: "Contact", email: `privacy@${name}.example` }],
        mayBeNamed: true,
        keys: { emailDomains: [`${name}.example`] },
      }),
    );
    party.id = registered.controller.id;
    party.token = (await json(await admin.post(`/v1/admin/controllers/${party.id}/tokens`, { label: "api" }))).token;
    const receipt = await json(
      await h.post(
        "/v1/requests",
        intakeBody({ kind: "access", subject: { name: "Lee", email: `lee@${name}.example` } }),
      ),
    );
    const [part] = await h.ctx.db.select().from(requests).where(eq(requests.routedFrom, receipt.id));
    party.part = part?.id ?? "";
  }
});
afterAll(() => h.close());

const call = (token: string, method: "GET" | "POST", path: string, body?: unknown) =>
  h.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

/** Every controller route that names a part, with a body that would change it. */
const partRoutes: { method: "GET" | "POST"; path: (id: string) => string; body?: unknown }[] = [
  { method: "GET", path: (id: string) => `/v1/controller/requests/${id}` },
  { method: "POST", path: (id: string) => `/v1/controller/requests/${id}/acknowledge`, body: { reference: "X-1" } },
  { method: "POST", path: (id: string) => `/v1/controller/requests/${id}/instructions`, body: { action: "export" } },
  { method: "GET", path: (id: string) => `/v1/controller/requests/${id}/package` },
];

const stateOf = async (id: string) => (await h.ctx.db.select().from(requests).where(eq(requests.id, id)))[0];

describe("the controller API", () => {
  for (const route of partRoutes) {
    for (const [caller, owner] of [
      ["a", "b"],
      ["b", "a"],
    ] as const) {
      it(`${route.method} ${route.path(":id")}: controller ${caller} on ${owner}'s part is 404 and changes nothing`, async () => {
        const before = await stateOf(parties[owner].part);
        const res = await call(parties[caller].token, route.method, route.path(parties[owner].part), route.body);
        const missing = await call(
          parties[caller].token,
          route.method,
          route.path("00000000-0000-4000-8000-000000000000"),
          route.body,
        );
        expect(res.status).toBe(404);
        expect(await json(res)).toMatchObject({ detail: (await json(missing)).detail });
        expect(await stateOf(parties[owner].part)).toEqual(before);
      });
    }
  }

  it("lists only the caller's own parts", async () => {
    for (const [caller, owner] of [
      ["a", "b"],
      ["b", "a"],
    ] as const) {
      const listed = await json(await call(parties[caller].token, "GET", "/v1/controller/requests"));
      const ids = listed.items.map((item: { subject_request_id: string }) => item.subject_request_id);
      expect(ids).toEqual([parties[caller].part]);
      expect(ids).not.toContain(parties[owner].part);
    }
  });

  it("answers the owner on every route", async () => {
    const { token, part } = parties.a;
    expect((await call(token, "GET", `/v1/controller/requests/${part}`)).status).toBe(200);
    expect((await call(token, "POST", `/v1/controller/requests/${part}/acknowledge`, {})).status).toBe(200);
    // No data system holds anything here: the export completes at once, empty.
    const exported = await call(token, "POST", `/v1/controller/requests/${part}/instructions`, { action: "export" });
    expect(await json(exported)).toMatchObject({ request_status: "completed", results_count: 0 });
    const zip = await call(token, "GET", `/v1/controller/requests/${part}/package`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get("content-type")).toBe("application/zip");
    expect((await call(parties.b.token, "GET", `/v1/controller/requests/${part}/package`)).status).toBe(404);
  });
});
