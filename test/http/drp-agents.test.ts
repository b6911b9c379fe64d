import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import nacl from "tweetnacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, outbox, requestEvents, requests, verifications } from "../../src/db/schema/index.js";
import { checkIdentifiers } from "../../src/modules/suppressions/check-suppressions.js";
import { hostileString } from "../support/fuzz.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { latestVerificationSecrets } from "../support/verification.js";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.js";

/**
 * DRP 1.0's agent directory and pair-wise key set-up, signed with an independent Ed25519 (tweetnacl), as an agent's
 * software signs: every check of a signed message refuses with an empty 403 and leaves the old token working.
 */
let h: Harness;
let admin: StaffMember;
let receiver: WebhookReceiver;
const business = "ACME_TEST_BUSINESS";
const agentKeys = nacl.sign.keyPair();
const otherKeys = nacl.sign.keyPair();
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

beforeAll(async () => {
  h = await createHarness({ DRP_BUSINESS_ID: business, DRP_CALLBACK_ALLOW_INSECURE: true });
  receiver = await startWebhookReceiver();
  admin = await staffMember(h, "admin");
  const listed = await admin.post("/v1/admin/agents", [
    {
      id: "CR_AA_DRP_ID_001",
      name: "Permission Slip",
      verify_key: base64(agentKeys.publicKey),
      web_url: "https://permissionslip.example",
    },
    { id: "OTHER_AGENT", name: "Another agent", verify_key: base64(otherKeys.publicKey), unknown_field: "ignored" },
  ]);
  expect(listed.status, await listed.clone().text()).toBe(200);
});
afterAll(async () => {
  await receiver.close();
  await h.close();
});

/** A message as an agent's software sends it: signature and JSON, combined, in base64. */
function signed(claims: unknown, keys = agentKeys): string {
  return base64(nacl.sign(new TextEncoder().encode(JSON.stringify(claims)), keys.secretKey));
}

const claimsAt = (now: Date, overrides: Record<string, unknown> = {}) => ({
  "agent-id": "CR_AA_DRP_ID_001",
  "business-id": business,
  "issued-at": now.toISOString().replace("Z", "+00:00"),
  "expires-at": new Date(now.getTime() + 15 * 60_000).toISOString().replace("Z", "+00:00"),
  "drp.version": "1.0",
  ...overrides,
});

const setUp = (body: string, agent = "CR_AA_DRP_ID_001", slash = "") =>
  h.app.request(`/v1/agent/${agent}${slash}`, { method: "POST", headers: { "content-type": "text/plain" }, body });
const information = (token: string | undefined, agent = "CR_AA_DRP_ID_001") =>
  h.app.request(`/v1/agent/${agent}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("pair-wise key set-up", () => {
  it("answers a signed set-up with a token that the agent's information endpoint accepts", async () => {
    const res = await setUp(signed(claimsAt(h.ctx.now())));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const { "agent-id": agentId, token } = await json(res);
    expect(agentId).toBe("CR_AA_DRP_ID_001");
    expect(Buffer.from(token, "base64url")).toHaveLength(64);
    expect((await information(token)).status).toBe(200);
    expect(await json(await information(token))).toEqual({ "agent-id": "CR_AA_DRP_ID_001" });

    const other = await information(token, "OTHER_AGENT");
    expect(other.status).toBe(403);
    expect(await json(other)).toMatchObject({ code: "403", fatal: true });
    expect((await information(undefined)).status).toBe(401);
    expect((await information("not-a-token")).status).toBe(401);

    const [paired] = await h.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, "CR_AA_DRP_ID_001"), eq(auditEvents.action, "drp_agent_paired")));
    expect(paired).toMatchObject({ actorType: "agent", actorId: "CR_AA_DRP_ID_001" });
  });

  it("refuses each failed check with an empty 403, and the agent's token keeps working", async () => {
    const now = h.ctx.now();
    const { token } = await json(await setUp(signed(claimsAt(now))));
    const message = new TextEncoder().encode(JSON.stringify(claimsAt(now)));
    const refusals: [string, string][] = [
      ["not base64", "%%% not base64 %%%"],
      ["too short to hold a signature", base64(new Uint8Array(40))],
      ["signed by another key", signed(claimsAt(now), otherKeys)],
      [
        "a signature over other bytes",
        base64(new Uint8Array([...nacl.sign.detached(new Uint8Array([1]), agentKeys.secretKey), ...message])),
      ],
      ["not JSON", base64(nacl.sign(new TextEncoder().encode("not json"), agentKeys.secretKey))],
      ["a JSON array", signed([claimsAt(now)])],
      ["another agent's id", signed(claimsAt(now, { "agent-id": "OTHER_AGENT" }))],
      ["another business", signed(claimsAt(now, { "business-id": "SOMEONE_ELSE" }))],
      ["no issued-at", signed(claimsAt(now, { "issued-at": undefined }))],
      ["issued in the future", signed(claimsAt(new Date(now.getTime() + 10 * 60_000)))],
      [
        "expired",
        signed(
          claimsAt(now, {
            "issued-at": new Date(now.getTime() - 20 * 60_000).toISOString(),
            "expires-at": new Date(now.getTime() - 5 * 60_000).toISOString(),
          }),
        ),
      ],
      [
        "valid for more than 15 minutes",
        signed(claimsAt(now, { "expires-at": new Date(now.getTime() + 16 * 60_000).toISOString() })),
      ],
    ];
    for (const [what, body] of refusals) {
      const res = await setUp(body);
      expect(res.status, what).toBe(403);
      expect(await res.text(), what).toBe("");
    }
    expect((await setUp(signed(claimsAt(now)), "NOT_LISTED")).status).toBe(403);
    expect((await information(token)).status).toBe(200);

    const trail = await h.ctx.db
      .select({ data: auditEvents.data })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, "CR_AA_DRP_ID_001"), eq(auditEvents.action, "drp_agent_pairing_refused")));
    expect(new Set(trail.map((entry) => entry.data.refusal))).toEqual(
      new Set([
        "undecodable",
        "bad_signature",
        "not_json",
        "agent_mismatch",
        "wrong_business",
        "bad_times",
        "issued_in_future",
        "expired",
        "window_too_long",
      ]),
    );
  });

  it("replaces the token on a new set-up, takes the deprecated trailing slash, and refuses a disabled agent", async () => {
    const first = (await json(await setUp(signed(claimsAt(h.ctx.now()))))).token;
    const again = await setUp(signed(claimsAt(h.ctx.now())), "CR_AA_DRP_ID_001", "/");
    expect(again.status).toBe(200);
    const second = (await json(again)).token;
    expect((await information(first)).status).toBe(401);
    expect(
      (await h.app.request("/v1/agent/CR_AA_DRP_ID_001/", { headers: { authorization: `Bearer ${second}` } })).status,
    ).toBe(200);

    const [listed] = (await json(await admin.get("/v1/admin/agents"))).items;
    expect(listed).toMatchObject({ id: "CR_AA_DRP_ID_001", paired: true, enabled: true });
    const off = await h.app.request("/v1/admin/agents/CR_AA_DRP_ID_001", {
      method: "PATCH",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
      body: JSON.stringify({ version: listed.version, enabled: false }),
    });
    expect(off.status).toBe(200);
    expect((await information(second)).status).toBe(401);
    expect((await setUp(signed(claimsAt(h.ctx.now())))).status).toBe(403);
  });
});

describe("the agent directory", () => {
  it("imports the consortium's agents.json, refuses a key that is not one, and a new key ends the pairing", async () => {
    const bad = await admin.post("/v1/admin/agents", { id: "BAD_KEY", name: "Bad", verify_key: "c2hvcnQ=" });
    expect(bad.status).toBe(422);
    const { token } = await json(
      await setUp(signed({ ...claimsAt(h.ctx.now()), "agent-id": "OTHER_AGENT" }, otherKeys), "OTHER_AGENT"),
    );
    expect((await information(token, "OTHER_AGENT")).status).toBe(200);
    const rotated = nacl.sign.keyPair();
    const put = await admin.post("/v1/admin/agents", {
      id: "OTHER_AGENT",
      name: "Another agent",
      verify_key: base64(rotated.publicKey),
    });
    expect((await json(put)).items[0]).toMatchObject({ paired: false });
    expect((await information(token, "OTHER_AGENT")).status).toBe(401);
    const reviewer = await staffMember(h, "reviewer");
    expect((await reviewer.get("/v1/admin/agents")).status).toBe(403);
  });
});

describe("exercising rights by DRP", () => {
  let token: string;
  const agent = "EXERCISE_AGENT";
  const keys = nacl.sign.keyPair();
  const exercise = (claims: Record<string, unknown>, signWith = keys) =>
    h.app.request("/v1/data-rights-request", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
      body: signed({ ...claimsAt(h.ctx.now(), { "agent-id": agent }), ...claims }, signWith),
    });
  const statusOf = (id: string, as = token) =>
    h.app.request(`/v1/data-rights-request/${id}`, { headers: { authorization: `Bearer ${as}` } });

  beforeAll(async () => {
    await admin.post("/v1/admin/agents", {
      id: agent,
      name: "Exercise Agent",
      verify_key: base64(keys.publicKey),
      technical_contact: "DRP Support <drp@agent.example>",
    });
    token = (await json(await setUp(signed(claimsAt(h.ctx.now(), { "agent-id": agent }), keys), agent))).token;
  });

  // The consumer of DRP's example exercise message.
  const johnsOptOut = () => ({
    exercise: "sale:opt-out",
    regime: "ccpa",
    name: "Random, John",
    email: "jrandom@example.com",
    email_verified: true,
    agent_request_id: "agent-ref-1",
    status_callback: receiver.url,
  });

  it("files an opt-out of sale and sharing under the CCPA, through the request door, with the agent as filer", async () => {
    const res = await exercise(johnsOptOut());
    expect(res.status, await res.clone().text()).toBe(200);
    const status = await json(res);
    expect(status).toMatchObject({ status: "in_progress", agent_request_id: "agent-ref-1" });
    expect(status.received_at).toMatch(/\+00:00$/);
    expect(status.expected_by).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\+00:00$/);
    const [stored] = await h.ctx.db.select().from(requests).where(eq(requests.id, status.request_id));
    expect(stored).toMatchObject({
      channel: "drp",
      kind: "opt_out",
      optOutScopes: ["sale", "sharing"],
      jurisdiction: "US-CA",
      submitterRole: "authorized_agent",
      submitterName: "Exercise Agent",
      drpAgentId: agent,
      drpStatusCallback: receiver.url,
    });
    const [received] = await h.ctx.db
      .select()
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, status.request_id), eq(requestEvents.action, "received")));
    expect(received).toMatchObject({ actorType: "agent", actorId: agent });
    expect(await json(await statusOf(status.request_id))).toEqual(status);

    // The same signed message again (an agent retrying) is the same request; another message is another.
    const sameAgain = await exercise(johnsOptOut());
    expect((await json(sameAgain)).request_id).toBe(status.request_id);
    const other = await exercise({ exercise: "sale:opt-out", regime: "ccpa", email: "same@example.com" });
    expect((await json(other)).request_id).not.toBe(status.request_id);
  });

  it("asks for the consumer's confirmation where the request needs it, and tells the agent of every status change", async () => {
    const res = await exercise({
      exercise: "deletion",
      name: "Dee Lete",
      email: "dee@example.com",
      status_callback: receiver.url,
    });
    const status = await json(res);
    expect(status).toMatchObject({ status: "in_progress", reason: "need_user_verification" });
    expect(status.user_verification_url).toMatch(/^http:\/\/localhost:3000\/verify\?tracking=RD-/);
    const [stored] = await h.ctx.db.select().from(requests).where(eq(requests.id, status.request_id));
    expect(stored?.jurisdiction).toBe("other");

    receiver.received.length = 0;
    const reviewer = await staffMember(h, "reviewer");
    const denied = await reviewer.act(status.request_id, "deny", {
      version: stored?.version,
      ground: "identity_not_verified",
      explanation: "The consumer did not confirm the request.",
    });
    expect(denied.status, JSON.stringify(denied.body)).toBe(200);
    await h.dispatch();
    const told = receiver.received.map((delivery) => JSON.parse(delivery.body));
    expect(told).toContainEqual(
      expect.objectContaining({ request_id: status.request_id, status: "denied", reason: "insuf_verification" }),
    );
    expect(await json(await statusOf(status.request_id))).toMatchObject({
      status: "denied",
      reason: "insuf_verification",
    });
  });

  it("files an opt-in as its own request: the consumer confirms it apart, and its completion lifts the opt-out", async () => {
    const consumer = { name: "Opal Inn", email: "opal@example.com" };
    const optedOut = await json(await exercise({ exercise: "sale:opt-out", regime: "ccpa", ...consumer }));
    const status = await json(await exercise({ exercise: "sale:opt-in", regime: "ccpa", ...consumer }));
    expect(status).toMatchObject({ status: "in_progress", reason: "need_user_verification" });
    const [stored] = await h.ctx.db.select().from(requests).where(eq(requests.id, status.request_id));
    expect(stored).toMatchObject({ kind: "opt_in", status: "verifying", verificationLevel: "email" });
    expect(stored?.clocks.map((clock) => clock.name)).toEqual(["company_promise"]);
    const standing = async () =>
      (await checkIdentifiers(h.ctx.db, h.ctx.config.TOKEN_SECRET, [{ type: "email", value: consumer.email }]))[0]
        ?.scopes;
    // Until the consumer confirms and the team completes it, the opt-out stands.
    expect(await standing()).toEqual(
      expect.arrayContaining([expect.objectContaining({ scope: "sale", state: "suppressed" })]),
    );

    const { code } = await latestVerificationSecrets(h, status.request_id);
    expect((await h.post(`/v1/requests/${status.request_id}/verification`, { code })).status).toBe(200);
    const reviewer = await staffMember(h, "reviewer");
    const [verified] = await h.ctx.db.select().from(requests).where(eq(requests.id, status.request_id));
    const done = await reviewer.act(status.request_id, "fulfil", { version: verified?.version, scope: "full" });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await reviewer.act(status.request_id, "complete", { version: done.body.version })).status).toBe(200);
    expect(await json(await statusOf(status.request_id))).toMatchObject({ status: "fulfilled" });
    const now = await standing();
    expect(now).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope: "sale", state: "opted_in" }),
        expect.objectContaining({ scope: "sharing", state: "opted_in" }),
      ]),
    );
    expect(now?.map((one) => one.scope)).not.toContain("targeted_advertising");
    expect(optedOut.request_id).not.toBe(status.request_id);
  });

  it("takes the agent's signed message as its permission: the consumer verifies identity, not the agent", async () => {
    const status = await json(await exercise({ exercise: "deletion", email: "perm@example.com" }));
    const [verification] = await h.ctx.db
      .select()
      .from(verifications)
      .where(eq(verifications.requestId, status.request_id));
    expect(verification).toMatchObject({ level: "basic", confirmsAgent: false, email: "perm@example.com" });
  });

  it("files for an agent whose directory entry lists no e-mail address, and writes to the consumer alone", async () => {
    const silentKeys = nacl.sign.keyPair();
    const silent = "SILENT_AGENT";
    await admin.post("/v1/admin/agents", {
      id: silent,
      name: "Silent Agent",
      verify_key: base64(silentKeys.publicKey),
      web_url: "https://silent.example",
    });
    const silentToken = (
      await json(await setUp(signed(claimsAt(h.ctx.now(), { "agent-id": silent }), silentKeys), silent))
    ).token;
    const res = await h.app.request("/v1/data-rights-request", {
      method: "POST",
      headers: { authorization: `Bearer ${silentToken}`, "content-type": "text/plain" },
      body: signed(
        { ...claimsAt(h.ctx.now(), { "agent-id": silent }), exercise: "sale:opt-out", email: "quiet@example.com" },
        silentKeys,
      ),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { request_id } = await json(res);
    const [stored] = await h.ctx.db.select().from(requests).where(eq(requests.id, request_id));
    expect(stored).toMatchObject({ submitterRole: "authorized_agent", submitterEmail: null });
    const mail = await h.ctx.db.select().from(outbox).where(eq(outbox.requestId, request_id));
    expect(mail.map((one) => [one.template, one.recipient])).toEqual([["acknowledgement", "quiet@example.com"]]);
    expect(mail[0]?.payload).toMatchObject({ filedBy: "Silent Agent" });
  });

  it("revokes a request still being answered, for good, and refuses to revoke one that is final", async () => {
    const status = await json(await exercise({ exercise: "access", email: "axel@example.com" }));
    const revoke = (reason: unknown) =>
      h.app.request(`/v1/data-rights-request/${status.request_id}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
        body: signed(reason, keys),
      });
    const revoked = await revoke({ reason: "I don't want my account deleted" });
    expect(revoked.status).toBe(200);
    expect(await json(revoked)).toMatchObject({ status: "revoked" });
    const [withdrawn] = await h.ctx.db
      .select()
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, status.request_id), eq(requestEvents.action, "withdrawn")));
    expect(withdrawn).toMatchObject({ actorType: "agent", actorId: agent });
    const again = await revoke({ reason: "again" });
    expect(again.status).toBe(400);
    expect(await json(again)).toMatchObject({ code: "final_status", fatal: true });
    const unsigned = await h.app.request(`/v1/data-rights-request/${status.request_id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
      body: signed({ reason: "forged" }, otherKeys),
    });
    expect(unsigned.status).toBe(403);
  });

  it("answers signed messages full of hostile values without a 5xx, and revokes with them too", async () => {
    const value = fc.oneof(
      hostileString,
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(hostileString, { maxLength: 3 }),
    );
    const claims = fc.record(
      {
        exercise: fc.oneof(fc.constantFrom("sale:opt-out", "deletion", "access", "access:categories"), hostileString),
        regime: fc.oneof(fc.constant("ccpa"), hostileString),
        name: value,
        email: fc.oneof(fc.constant("fuzz@example.com"), hostileString),
        phone_number: value,
        address: value,
        agent_request_id: value,
        status_callback: fc.oneof(fc.constant(receiver.url), hostileString),
        power_of_attorney: value,
      },
      { requiredKeys: ["exercise"] },
    );
    await fc.assert(
      fc.asyncProperty(claims, async (message) => {
        const res = await exercise(message);
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        const filed = res.status === 200 ? (JSON.parse(text) as { request_id: string }) : undefined;
        if (filed) {
          const revoked = await h.app.request(`/v1/data-rights-request/${filed.request_id}`, {
            method: "DELETE",
            headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
            body: signed({ reason: message.name ?? "\u0000" }, keys),
          });
          expect(revoked.status, await revoked.text()).toBeLessThan(500);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 40) },
    );
  });

  it("keeps each agent to its own requests, and refuses bad messages and callbacks in DRP's error shape", async () => {
    const mine = await json(await exercise({ exercise: "access:categories", email: "cat@example.com" }));
    const [stored] = await h.ctx.db.select().from(requests).where(eq(requests.id, mine.request_id));
    expect(stored?.accessScope).toBe("categories");
    const rivalKeys = nacl.sign.keyPair();
    await admin.post("/v1/admin/agents", { id: "RIVAL_AGENT", name: "Rival", verify_key: base64(rivalKeys.publicKey) });
    const rival = (
      await json(await setUp(signed(claimsAt(h.ctx.now(), { "agent-id": "RIVAL_AGENT" }), rivalKeys), "RIVAL_AGENT"))
    ).token;
    expect((await statusOf(mine.request_id, rival)).status).toBe(404);
    expect((await statusOf("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await statusOf("not-an-id")).status).toBe(404);
    expect((await statusOf(mine.request_id, "nonsense")).status).toBe(401);

    const cases: [Record<string, unknown>, string][] = [
      [{ exercise: "teleport", email: "a@example.com" }, "invalid_claims"],
      [{ exercise: "deletion" }, "invalid_claims"],
      [{ exercise: "deletion", email: "not an address" }, "invalid_claims"],
      [
        { exercise: "deletion", email: "a@example.com", status_callback: "https://10.0.0.8/hook" },
        "invalid_status_callback",
      ],
      [{ exercise: "deletion", email: "a@example.com", "business-id": "ELSEWHERE" }, "wrong_business"],
    ];
    for (const [claims, code] of cases) {
      const res = await exercise(claims);
      expect(res.status, code).toBe(400);
      const body = await json(res);
      expect(body, code).toMatchObject({ code, fatal: true });
      expect(typeof body.message).toBe("string");
    }
    expect((await exercise({ exercise: "deletion", email: "a@example.com" }, otherKeys)).status).toBe(403);
  });
});

describe("the OpenAPI document", () => {
  it("describes the DRP routes, their text/plain signed bodies and DRP's error shape", async () => {
    const doc = await json(await h.app.request("/openapi.json"));
    expect(Object.keys(doc.paths["/v1/agent/{agent-id}"])).toEqual(expect.arrayContaining(["post", "get"]));
    expect(doc.paths["/v1/agent/{agent-id}"].post.requestBody.content["text/plain"]).toBeDefined();
    expect(doc.paths["/v1/data-rights-request"].post.requestBody.content["text/plain"]).toBeDefined();
    expect(doc.paths["/v1/data-rights-request"].post.description).toContain("`sale:opt-in`");
    expect(Object.keys(doc.paths["/v1/data-rights-request/{request_id}"])).toEqual(
      expect.arrayContaining(["get", "delete"]),
    );
    expect(doc.components.schemas.DrpError.required).toEqual(expect.arrayContaining(["code", "message", "fatal"]));
    expect(doc.components.securitySchemes.drpAgentBearer).toMatchObject({ type: "http", scheme: "bearer" });
  });
});
