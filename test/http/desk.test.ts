import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeskUser, loadedAt, signedIn } from "../support/desk.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffMember } from "../support/staff.js";
import { reviewableRequest } from "../support/verification.js";

let h: Harness;
let reviewer: DeskUser;
let colleague: DeskUser;
let admin: DeskUser;
let auditor: DeskUser;
beforeAll(async () => {
  h = await createHarness();
  reviewer = await signedIn(h, "reviewer", "Rita Reviewer");
  colleague = await signedIn(h, "reviewer", "Carl Colleague");
  admin = await signedIn(h, "admin", "Ada Admin");
  auditor = await signedIn(h, "auditor", "Otto Auditor");
});
afterAll(() => h.close());

const decoded = (page: string) => page.replaceAll("&#39;", "'").replaceAll("&quot;", '"');

describe("the review queue page", () => {
  it("lists the soonest deadline first with badges, the buckets, and finds by tracking number or e-mail", async () => {
    h.setNow("2026-10-01T15:00:00Z");
    const early = await json(await h.post("/v1/requests", intakeBody({ jurisdiction: "US-CA" })));
    h.setNow("2026-11-20T15:00:00Z");
    const body = intakeBody({ jurisdiction: "US-VA" });
    const later = await json(await h.post("/v1/requests", body));
    const { page, status } = await reviewer.get("/staff?status=received,in_review,verifying");
    expect(status).toBe(200);
    expect(page.indexOf(early.trackingNumber)).toBeLessThan(page.indexOf(later.trackingNumber));
    expect(page).toMatch(/overdue<\/a>|<strong>\d+<\/strong> overdue/);
    expect(page).toContain('class="badge overdue"');

    const byMail = await reviewer.get(`/staff?q=${encodeURIComponent(body.subject.email.toUpperCase())}`);
    expect(byMail.page).toContain(later.trackingNumber);
    expect(byMail.page).not.toContain(early.trackingNumber);
    const byNumber = await reviewer.get(`/staff?q=${later.trackingNumber.slice(0, 7).toLowerCase()}`);
    expect(byNumber.page).toContain(later.trackingNumber);

    const wrong = await reviewer.get("/staff?kind=nonsense");
    expect(wrong.status).toBe(200);
    expect(wrong.page).toContain("A filter is not one this page offers");
  });

  it("offers the team by name to filter and assign, and is plain words, not status codes", async () => {
    await h.post("/v1/requests", intakeBody({ kind: "access", jurisdiction: "US-CA" }));
    const { page } = await reviewer.get("/staff");
    expect(page).toContain(">Carl Colleague</option>");
    expect(page).not.toContain(">auditor");
    expect(page).toContain("<td>Waiting for the requester to confirm their identity</td>");
    expect(page).not.toContain("<td>verifying</td>");
  });

  it("sends a visitor who is not signed in to the sign-in page", async () => {
    const res = await h.app.request("/staff/team");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/staff/login?next=%2Fstaff%2Fteam");
  });
});

describe("a request's page", () => {
  it("claims, assigns by name and fulfils through its forms, each at the version it was loaded at", async () => {
    const request = await reviewableRequest(h, intakeBody({ kind: "deletion", jurisdiction: "US-VA" }));
    const shown = await reviewer.get(`/staff/requests/${request.id}`);
    expect(shown.page).toContain("Clocks");
    const claim = await reviewer.post(`/staff/requests/${request.id}/act/claim`, loadedAt(shown.page, "claim"));
    expect(claim.status).toBe(200);
    expect(claim.page).toContain("Done: Claim.");
    expect(claim.page).toContain("<dt>Assigned to</dt><dd>Rita Reviewer</dd>");

    const assign = await reviewer.post(`/staff/requests/${request.id}/act/assign`, {
      ...loadedAt(claim.page, "assign"),
      assigneeId: colleague.id,
    });
    expect(assign.page).toContain("<dt>Assigned to</dt><dd>Carl Colleague</dd>");
    expect(assign.page).toMatch(/Assigned, by Rita Reviewer/);

    const fulfil = await colleague.post(`/staff/requests/${request.id}/act/fulfil`, {
      ...loadedAt(assign.page, "fulfil"),
      scope: "full",
      ground: "",
      explanation: "",
    });
    expect(fulfil.status).toBe(200);
    expect(decoded(fulfil.page)).toMatch(/<dt>Status<\/dt><dd>(Being carried out|Completed)<\/dd>/);
  });

  it("keeps what was typed and says what is wrong beside the field when an action is refused", async () => {
    const request = await reviewableRequest(h, intakeBody({ kind: "deletion", jurisdiction: "US-VA" }));
    const shown = await reviewer.get(`/staff/requests/${request.id}`);
    const denied = await reviewer.post(`/staff/requests/${request.id}/act/deny`, {
      ...loadedAt(shown.page, "deny"),
      ground: "legal_matters",
      explanation: "Short",
    });
    expect(denied.status).toBe(422);
    expect(denied.page).toContain('id="deny-explanation-error"');
    expect(denied.page).toContain("must explain the decision in a sentence");
    expect(denied.page).toContain(">Short</textarea>");
    expect(denied.page).toMatch(/<details class="action" open>\s*<summary>Refuse it/);
  });

  it("refuses a stale form and shows what changed since it was loaded", async () => {
    const request = await reviewableRequest(h, intakeBody({ kind: "deletion", jurisdiction: "US-VA" }));
    const mine = await reviewer.get(`/staff/requests/${request.id}`);
    const theirs = await colleague.get(`/staff/requests/${request.id}`);
    await colleague.post(`/staff/requests/${request.id}/act/notes`, {
      ...loadedAt(theirs.page, "notes"),
      note: "Called the requester.",
    });
    const stale = await reviewer.post(`/staff/requests/${request.id}/act/notes`, {
      ...loadedAt(mine.page, "notes"),
      note: "My note, typed on an old page.",
    });
    expect(stale.status).toBe(409);
    expect(stale.page).toContain("Someone changed this request since you loaded it");
    expect(stale.page).toMatch(/<ul><li>[^<]+: Note added<\/li><\/ul>/);
    expect(stale.page).toContain("My note, typed on an old page.</textarea>");
    expect(loadedAt(stale.page, "notes").version).not.toBe(loadedAt(mine.page, "notes").version);
  });

  it("lets an admin who did not decide it decide the appeal, and not an auditor", async () => {
    const body = intakeBody({ kind: "deletion", jurisdiction: "US-VA" });
    const request = await reviewableRequest(h, body);
    const page = (await reviewer.get(`/staff/requests/${request.id}`)).page;
    await reviewer.post(`/staff/requests/${request.id}/act/deny`, {
      ...loadedAt(page, "deny"),
      ground: "legal_matters",
      explanation: "The data is under a litigation hold.",
    });
    const tracking = /Request (RD-[A-Z0-9-]+)/.exec(page)?.[1] as string;
    await h.post("/v1/appeals", {
      trackingNumber: tracking,
      email: body.subject.email,
      statement: "Please look again.",
    });
    expect((await admin.get("/staff/appeals")).page).toContain(tracking);
    const shown = await admin.get(`/staff/requests/${request.id}`);
    expect(shown.page).toContain("Please look again.");
    const decided = await admin.post(`/staff/requests/${request.id}/act/appeal-decision`, {
      ...loadedAt(shown.page, "appeal-decision"),
      outcome: "upheld",
      explanation: "The litigation hold still applies to this data.",
    });
    expect(decided.status).toBe(200);
    expect(decided.page).toContain("Upheld");
    const asAuditor = await auditor.post(`/staff/requests/${request.id}/act/notes`, { version: "1", note: "x" });
    expect(asAuditor.status).toBe(403);
  });
});

describe("the admin pages", () => {
  it("add a colleague by name, who can then sign in; list systems, controllers and dead letters", async () => {
    const nora = {
      name: "Nora New",
      email: "nora@staff.example",
      role: "reviewer",
      password: "a first password of length",
    };
    const added = await admin.post("/staff/team", nora);
    expect(added.status).toBe(201);
    expect(added.page).toContain("<td>Nora New</td>");
    const again = await admin.post("/staff/team", nora);
    expect(again.status).toBe(409);
    expect(again.page).toContain('value="Nora New"');
    const login = await h.app.request("/staff/login", {
      method: "POST",
      headers: { origin: "http://localhost:3000" },
      body: new URLSearchParams({ email: nora.email, password: nora.password }),
    });
    expect(login.status).toBe(303);
    for (const path of ["/staff/data-systems", "/staff/controllers", "/staff/dead-letters", "/staff/audit"]) {
      expect((await admin.get(path)).status, path).toBe(200);
    }
    expect((await reviewer.get("/staff/team")).status).toBe(403);
    expect((await auditor.get("/staff/audit")).status).toBe(200);
  });

  it("turn a data system off at the version shown, refusing a stale one", async () => {
    const api = await staffMember(h, "admin");
    const { system } = await json(
      await api.post("/v1/admin/data-systems", {
        name: "Newsletter",
        reach: "webhook",
        webhookUrl: "https://example.com/jobs",
        owner: { name: "Owner", email: "owner@example.com" },
        requestKinds: ["deletion"],
        categories: [{ category: "identifiers", purposes: ["Newsletters"] }],
      }),
    );
    const listed = await admin.get("/staff/data-systems");
    expect(listed.page).toContain("<td>Newsletter</td>");
    const off = await admin.post("/staff/data-systems", {
      id: system.id,
      version: String(system.version),
      enabled: "no",
    });
    expect(off.status).toBe(200);
    expect(off.page).toContain("Turn on");
    const { enabled } = await json(await api.get(`/v1/admin/data-systems/${system.id}`));
    expect(enabled).toBe(false);
    const stale = await admin.post("/staff/data-systems", {
      id: system.id,
      version: String(system.version),
      enabled: "yes",
    });
    expect(stale.status).toBe(409);
    expect(stale.page).toContain("changed since version");
  });

  it("list the authorized agents and turn one off", async () => {
    const api = await staffMember(h, "admin");
    const { items } = await json(
      await api.post("/v1/admin/agents", {
        id: "DESK_AGENT",
        name: "Desk Agent",
        verify_key: Buffer.alloc(32, 3).toString("base64"),
        technical_contact: "drp@agent.example",
      }),
    );
    const listed = await admin.get("/staff/agents");
    expect(listed.page).toContain("<td>Desk Agent</td>");
    const off = await admin.post("/staff/agents", {
      id: "DESK_AGENT",
      version: String(items[0].version),
      enabled: "no",
    });
    expect(off.status).toBe(200);
    const { items: after } = await json(await api.get("/v1/admin/agents"));
    expect(after.find((agent: { id: string }) => agent.id === "DESK_AGENT")).toMatchObject({ enabled: false });
    expect((await admin.post("/staff/data-systems", { id: "DESK_AGENT", version: "1", enabled: "no" })).status).toBe(
      422,
    );
  });

  it("serve the audit export the page's form asks for, to the signed-in auditor", async () => {
    const res = await auditor.get("/v1/audit/events?from=2026-11-01&to=2026-11-30&format=csv");
    expect(res.status).toBe(200);
    expect(res.page.split("\r\n")[0]).toContain("action");
  });
});

describe("the team list", () => {
  it("names every colleague, with their role, for the API's clients too", async () => {
    const member = await staffMember(h, "reviewer");
    const { staff } = await json(await member.get("/v1/review/staff"));
    expect(staff).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: reviewer.id, name: "Rita Reviewer", role: "reviewer", active: true }),
        expect.objectContaining({ id: auditor.id, name: "Otto Auditor", role: "auditor" }),
      ]),
    );
    expect((await h.app.request("/v1/review/staff")).status).toBe(401);
  });
});
