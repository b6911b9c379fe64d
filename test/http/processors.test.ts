import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requests } from "../../src/db/schema/index.js";
import { newWebhookSecret } from "../../src/security/webhook-signatures.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { signCallback } from "../support/webhook-receiver.js";

/**
 * Requests a processor forwards to us as its controller: taken once per processor reference, however often they
 * are sent; refused unsigned, or with text the database cannot hold, as any input is.
 */
let h: Harness;
let admin: StaffMember;
let processor: { id: string; secret: string };
beforeAll(async () => {
  h = await createHarness();
  h.setNow(new Date());
  admin = await staffMember(h, "admin");
  const secret = newWebhookSecret();
  const registered = await json(
    await admin.post("/v1/admin/processors", { name: "Alpha Hosting", signingSecret: secret }),
  );
  processor = { id: registered.id, secret };
});
afterAll(() => h.close());

const forwarded = (reference: string, email = "dana@beta.example") => ({
  subject_request_id: reference,
  subject_request_type: "erasure",
  subject_identities: [{ identity_type: "email", identity_value: email, identity_format: "raw" }],
  api_version: "2.0",
  extensions: { rightsdesk: { kind: "deletion", jurisdiction: "US-CO", subject: { name: "Dana Lee" } } },
});

function forward(body: unknown, headers?: Record<string, string>) {
  const text = JSON.stringify(body);
  return h.app.request(`/v1/processors/${processor.id}/requests`, {
    method: "POST",
    headers: headers ?? signCallback(processor.secret, text, h.ctx.now(), `msg_${Math.random()}`),
    body: text,
  });
}

describe("a forwarded request", () => {
  it("opens one request per processor reference, answering the same tracking number when sent again", async () => {
    const first = await forward(forwarded("alpha-1"));
    expect(first.status, await first.clone().text()).toBe(200);
    const taken = await json(first);
    expect(taken).toMatchObject({ subject_request_id: "alpha-1", api_version: "2.0" });
    const again = await json(await forward(forwarded("alpha-1")));
    expect(again.extensions.rightsdesk.trackingNumber).toBe(taken.extensions.rightsdesk.trackingNumber);
    const stored = await h.ctx.db.select().from(requests).where(eq(requests.channel, "processor"));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: "deletion", jurisdiction: "US-CO", subjectName: "Dana Lee" });
  });

  it("is refused unsigned, or with a NUL or a lone surrogate, never answered 5xx", async () => {
    expect((await forward(forwarded("alpha-2"), { "content-type": "application/json" })).status).toBe(401);
    for (const reference of ["alpha\u0000nul", "alpha\ud800"]) {
      const res = await forward(forwarded(reference));
      expect(res.status).toBe(422);
    }
    const noEmail = { ...forwarded("alpha-3"), subject_identities: [{ identity_type: "phone", identity_value: "1" }] };
    const refused = await forward(noEmail);
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(await h.ctx.db.select().from(requests).where(eq(requests.channel, "processor"))).toHaveLength(1);
  });
});
