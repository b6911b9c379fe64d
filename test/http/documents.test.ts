import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestDocuments } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";

let h: Harness;
let agentRequestId: string;
beforeAll(async () => {
  h = await createHarness();
  const body = intakeBody({
    kind: "deletion",
    submittedBy: {
      role: "authorized_agent",
      name: "Ada Agent",
      email: "ada@agency.example",
      authority: "signed_permission",
    },
  });
  agentRequestId = (await json(await h.post("/v1/requests", body))).id;
});
afterAll(() => h.close());

const upload = (id: string, body: Uint8Array | string, type = "application/pdf") =>
  h.app.request(`/v1/requests/${id}/documents`, { method: "POST", headers: { "content-type": type }, body });

describe("an agent's proof of authority", () => {
  it("is filed with the request it belongs to", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.7 signed permission");
    const res = await upload(agentRequestId, pdf);
    expect(res.status).toBe(201);
    const [document] = await h.ctx.db
      .select()
      .from(requestDocuments)
      .where(eq(requestDocuments.requestId, agentRequestId));
    expect(document).toMatchObject({
      kind: "agent_permission",
      mediaType: "application/pdf",
      sizeBytes: pdf.byteLength,
    });
    expect(Buffer.from(document?.content ?? []).toString()).toBe("%PDF-1.7 signed permission");
  });

  it("refuses other types, empty and oversized bodies, and requests not filed by an agent", async () => {
    expect((await upload(agentRequestId, "hello", "text/plain")).status).toBe(415);
    expect((await upload(agentRequestId, new Uint8Array())).status).toBe(422);
    expect((await upload(agentRequestId, new Uint8Array(5 * 1024 * 1024 + 1))).status).toBe(413);
    const own = (await json(await h.post("/v1/requests", intakeBody({ kind: "deletion" })))).id;
    expect((await upload(own, "%PDF")).status).toBe(404);
    expect((await upload("00000000-0000-4000-8000-000000000000", "%PDF")).status).toBe(404);
  });

  it("allows at most five documents per request", async () => {
    for (let filed = 1; filed < 5; filed++) expect((await upload(agentRequestId, "%PDF")).status).toBe(201);
    expect((await upload(agentRequestId, "%PDF")).status).toBe(409);
  });
});
