import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { controllerWithToken, systemWithToken } from "../support/authorization.js";
import { signedIn } from "../support/desk.js";
import {
  type Bearer,
  callsOf,
  deskForms,
  type FuzzedCall,
  formPosts,
  operationsOf,
  pageForms,
  targetRequests,
} from "../support/fuzz.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { latestVerificationSecrets } from "../support/verification.js";

/**
 * Every route, public and staff, read from the OpenAPI document, and every page's form: thousands of hostile calls,
 * none of which may be answered with a 5xx. `FUZZ_RUNS` sets the calls per route (the chaos suite runs more).
 */
const runs = Number(process.env.FUZZ_RUNS ?? 40);

let h: Harness;
let admin: StaffMember;
let tokens: Record<Bearer, string>;
let ids: string[];
let trackingNumbers: string[];
let verifyToken: string;
let doc: Parameters<typeof operationsOf>[0] & { components: { schemas: Record<string, Record<string, unknown>> } };
beforeAll(async () => {
  h = await createHarness();
  admin = await staffMember(h, "admin");
  tokens = {
    staff: admin.token,
    "data system": (await systemWithToken(h)).token,
    controller: (await controllerWithToken(h)).token,
  };
  const opened = [];
  for (const body of targetRequests()) opened.push(await json(await h.post("/v1/requests", body)));
  ids = opened.map((request) => request.id);
  trackingNumbers = opened.map((request) => request.trackingNumber);
  verifyToken = (await latestVerificationSecrets(h, ids[1] as string)).token;
  await admin.act(ids[0] as string, "deny", {
    version: 1,
    ground: "legal_matters",
    explanation: "Under a litigation hold.",
  });
  doc = await json(await h.app.request("/openapi.json"));
}, 60_000);
afterAll(() => h.close());

async function answer(call: FuzzedCall, headers: Record<string, string> = {}): Promise<void> {
  const res = await h.app.request(call.path, { ...call.init, headers: { ...call.init.headers, ...headers } });
  await res.arrayBuffer();
  expect(res.status, `${call.init.method} ${call.path} ${String(call.init.body ?? "").slice(0, 200)}`).toBeLessThan(
    500,
  );
}

describe("no call a client can make is answered with a 5xx", () => {
  it("for every operation of the API, with hostile parameters and bodies shaped like its schemas", async () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(25);
    for (const operation of operations) {
      const auth: Record<string, string> = operation.secured
        ? { authorization: `Bearer ${tokens[operation.bearer]}` }
        : {};
      await fc.assert(
        fc.asyncProperty(callsOf(operation, doc.components.schemas, ids), (call) => answer(call, auth)),
        { numRuns: runs },
      );
    }
  }, 600_000);

  it("for every page's form, with hostile fields, broken multipart bodies and the wrong types", async () => {
    const origin = new URL(h.ctx.config.PUBLIC_BASE_URL).origin;
    const formPage = await (await h.app.request("/privacy/request")).text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(formPage)?.[1];
    const pages = pageForms({
      trackingNumber: trackingNumbers[0] as string,
      verifyToken,
      staffEmail: admin.email,
      formToken,
    });
    for (const { path, fields } of pages) {
      await fc.assert(
        fc.asyncProperty(formPosts(path, fields), (call) => answer(call, { origin })),
        { numRuns: runs * 2 },
      );
    }
  }, 600_000);

  it("for every form of the review desk, signed in, with hostile fields", async () => {
    const origin = new URL(h.ctx.config.PUBLIC_BASE_URL).origin;
    const desk = await signedIn(h, "admin");
    for (const { path, fields } of deskForms(ids[1] as string, desk.csrf)) {
      await fc.assert(
        fc.asyncProperty(formPosts(path, fields), (call) => answer(call, { origin, cookie: desk.cookie })),
        { numRuns: runs },
      );
    }
  }, 600_000);
});
