import { and, eq } from "drizzle-orm";
import nacl from "tweetnacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../src/db/schema/index.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";

/**
 * DRP 1.0's agent directory and pair-wise key set-up, signed with an independent Ed25519 (tweetnacl), as an agent's
 * software signs: every check of a signed message refuses with an empty 403 and leaves the old token working.
 */
let h: Harness;
let admin: StaffMember;
const business = "ACME_TEST_BUSINESS";
const agentKeys = nacl.sign.keyPair();
const otherKeys = nacl.sign.keyPair();
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

beforeAll(async () => {
  h = await createHarness({ DRP_BUSINESS_ID: business });
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
afterAll(() => h.close());

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
