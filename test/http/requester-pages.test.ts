import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestDocuments, requests } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { reviewableRequest } from "../support/verification.js";

/** The requester's own pages: where a request stands and what they can still do, in their language. */
let h: Harness;
let reviewer: StaffMember;
let origin: string;
beforeAll(async () => {
  h = await createHarness();
  reviewer = await staffMember(h, "reviewer");
  origin = new URL(h.ctx.config.PUBLIC_BASE_URL).origin;
});
afterAll(() => h.close());

async function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, page: (await res.text()).replaceAll("&#39;", "'") };
}

describe("the status page", () => {
  it("shows the steps in plain words and the messages sent, and withdraws the request once it is ticked", async () => {
    const body = intakeBody({ kind: "deletion", jurisdiction: "US-CA" });
    const filed = await json(await h.post("/v1/requests", body));
    await h.dispatch();
    const keys = { trackingNumber: filed.trackingNumber, email: body.subject.email };
    const shown = await post("/status", keys);
    expect(shown.status).toBe(200);
    expect(shown.page).toContain("We received your request.");
    expect(shown.page).toContain("We asked you to confirm your identity.");
    expect(shown.page).toContain("A code to confirm your identity");
    expect(shown.page).toContain('action="/status/withdraw"');
    expect(shown.page).not.toContain('action="/appeal"');

    const unticked = await post("/status/withdraw", keys);
    expect(unticked.status).toBe(422);
    expect(unticked.page).toContain("Tick the box");
    const withdrawn = await post("/status/withdraw", { ...keys, confirm: "yes" });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.page).toContain("Your request is withdrawn.");
    expect(withdrawn.page).not.toContain('action="/status/withdraw"');
    expect(withdrawn.page).not.toContain("We answer by");
    const [stored] = await h.ctx.db.select().from(requests).where(eq(requests.id, filed.id));
    expect(stored?.status).toBe("withdrawn");
    const again = await post("/status/withdraw", { ...keys, confirm: "yes" });
    expect(again.status).toBe(422);
    expect(again.page).toContain("can no longer be withdrawn");

    const stranger = await post("/status/withdraw", { ...keys, email: "someone@example.com", confirm: "yes" });
    expect(stranger.status).toBe(404);
  });

  it("offers the appeal form after a refusal, which files the appeal", async () => {
    const body = intakeBody({ kind: "deletion", jurisdiction: "US-VA" });
    const request = await reviewableRequest(h, body);
    await reviewer.act(request.id, "deny", {
      version: request.version,
      ground: "legal_matters",
      explanation: "The data is under a litigation hold.",
    });
    const [stored] = await h.ctx.db.select().from(requests).where(eq(requests.id, request.id));
    const keys = { trackingNumber: stored?.trackingNumber as string, email: body.subject.email };
    const shown = await post("/status", keys);
    expect(shown.page).toContain('action="/appeal"');
    expect(shown.page).toContain("If you disagree with our answer, tell us why by");
    const appealed = await post("/appeal", { ...keys, statement: "The hold has ended." });
    expect(appealed.status).toBe(201);
    const after = await post("/status", keys);
    expect(after.page).toContain("We received your appeal.");
    expect(after.page).not.toContain('action="/appeal"');
    // A complaint about the handling stays open to them whatever the appeal's state.
    expect(after.page).toContain(`href="/complaint?tracking=${keys.trackingNumber}"`);
  });

  it("takes an agent's proof of authority while the request is verified, and refuses another file type", async () => {
    const body = intakeBody({
      kind: "deletion",
      jurisdiction: "US-CA",
      submittedBy: {
        role: "authorized_agent",
        name: "Agent",
        email: "agent@agency.example",
        authority: "signed_permission",
      },
    });
    const filed = await json(await h.post("/v1/requests", body));
    const upload = async (type: string, bytes: string) => {
      const form = new FormData();
      form.set("trackingNumber", filed.trackingNumber);
      form.set("email", "agent@agency.example");
      form.set("document", new File([bytes], "proof", { type }));
      const res = await h.app.request("/status/proof", { method: "POST", body: form });
      return { status: res.status, page: await res.text() };
    };
    const shown = await post("/status", { trackingNumber: filed.trackingNumber, email: "agent@agency.example" });
    expect(shown.page).toContain('action="/status/proof"');
    expect((await upload("text/html", "<script>")).status).toBe(422);
    const filedProof = await upload("application/pdf", "%PDF-1.4 signed permission");
    expect(filedProof.status).toBe(201);
    expect(filedProof.page).toContain("We received the document");
    const documents = await h.ctx.db
      .select({ kind: requestDocuments.kind })
      .from(requestDocuments)
      .where(eq(requestDocuments.requestId, filed.id));
    expect(documents).toEqual([{ kind: "agent_permission" }]);
  });
});

describe("the pages in Spanish", () => {
  it("follow Accept-Language, keep a chosen language, and file the request in it", async () => {
    const spanish = await h.app.request("/privacy/request", {
      headers: { "accept-language": "es-MX,es;q=0.9,en;q=0.5" },
    });
    const page = await spanish.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain("Presentar una solicitud de privacidad");
    expect(page).toContain('href="/privacy/request?lang=en"');
    const cookie = (spanish.headers.get("set-cookie") ?? "").split(";")[0] as string;
    expect(cookie).toBe("rd_lang=es");

    const english = await h.app.request("/privacy/request?lang=en", { headers: { cookie } });
    expect(await english.text()).toContain('<html lang="en">');
    expect(english.headers.get("set-cookie")).toContain("rd_lang=en");

    const token = /name="formToken" value="([^"]+)"/.exec(page)?.[1] as string;
    const filed = await post(
      "/privacy/request",
      {
        formToken: token,
        kind: "deletion",
        jurisdiction: "US-CA",
        "subject.name": "Ana",
        "subject.email": "ana@example.com",
      },
      { origin, cookie },
    );
    expect(filed.status).toBe(201);
    expect(filed.page).toContain("Recibimos su solicitud.");
    expect(filed.page).toMatch(/Responderemos a más tardar el <strong>[a-zé]+, \d+ de [a-z]+ de 2026<\/strong>/);
    const [stored] = await h.ctx.db.select().from(requests).where(eq(requests.subjectEmail, "ana@example.com"));
    expect(stored?.language).toBe("es");

    const missing = await post("/privacy/request", { formToken: token, kind: "deletion" }, { origin, cookie });
    expect(missing.status).toBe(422);
    expect(missing.page).toContain("Complete este campo.");
  });
});
