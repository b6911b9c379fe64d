import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, complaints, outbox } from "../../src/db/schema/index.js";
import { runComplaintSweep } from "../../src/jobs/complaint-sweep.js";
import { runOutboxDispatch } from "../../src/jobs/dispatch-outbox.js";
import { silentLogger } from "../../src/log.js";
import { createRenderer } from "../../src/mail/render.js";
import { createMailer } from "../../src/mail/transport.js";
import { signedIn } from "../support/desk.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { refusedOptOut } from "../support/refusals.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";
import { type StaffMember, staffMember } from "../support/staff.js";

/**
 * Complaints about how a request was handled (the UK's duty from 2026-06-19, DPA 2018 s.164A): their own number,
 * an acknowledgement at once, a final answer with where to go next, or a deadlock letter when the answer is late.
 */
let h: Harness;
let deciding: StaffMember;
let reviewer: StaffMember;
let auditor: StaffMember;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
  h = await createHarness({
    DISPUTE_RESOLUTION_NAME: "Fair Privacy ADR",
    DISPUTE_RESOLUTION_URL: "https://adr.example",
  });
  h.setNow("2026-11-20T15:00:00Z");
  deciding = await staffMember(h, "admin");
  reviewer = await staffMember(h, "reviewer");
  auditor = await staffMember(h, "auditor");
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});

/** A British opt-out that `deciding` refused, and its requester's address. */
const refusedRequest = () => refusedOptOut(h, deciding, "GB");

const complain = (body: Record<string, unknown>) =>
  h.post("/v1/complaints", { name: "Jane Doe", statement: "You refused my opt-out without a reason.", ...body });

const mailsOf = (template: string) => h.ctx.db.select().from(outbox).where(eq(outbox.template, template));

describe("filing a complaint", () => {
  it("records it with its own number and clocks, names the request it is about, and acknowledges it at once", async () => {
    const request = await refusedRequest();
    const res = await complain({ email: request.email, trackingNumber: request.trackingNumber });
    expect(res.status).toBe(201);
    const receipt = await json(res);
    expect(receipt).toEqual({
      trackingNumber: expect.stringMatching(/^RC-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
      receivedAt: "2026-11-20T15:00:00.000Z",
      acknowledgeBy: "2026-12-20",
      acknowledgeBasis: expect.stringMatching(/^GB: 30 calendar days to acknowledge a complaint, DPA 2018 s\.164A/),
      answerBy: "2027-01-15",
      answerBasis: expect.stringMatching(/^Company code of practice: a final answer within 8 weeks/),
    });
    const [stored] = await h.ctx.db
      .select()
      .from(complaints)
      .where(eq(complaints.trackingNumber, receipt.trackingNumber));
    expect(stored).toMatchObject({
      requestId: request.id,
      jurisdiction: "GB",
      status: "open",
      acknowledgedAt: new Date("2026-11-20T15:00:00Z"),
    });
    const [acknowledgement] = (await mailsOf("complaint_received")).filter((mail) => mail.recipient === request.email);
    expect(acknowledgement?.payload).toMatchObject({
      complaintNumber: receipt.trackingNumber,
      requestTrackingNumber: request.trackingNumber,
    });
    // The team hears of it too, with a link to it on the desk.
    const [told] = (await mailsOf("complaint_for_team")).filter(
      (mail) => mail.payload.complaintNumber === receipt.trackingNumber,
    );
    expect(told).toMatchObject({ recipient: h.ctx.config.REVIEW_TEAM_EMAIL, payload: { event: "filed" } });
    expect(told?.payload.complaintUrl).toBe(`http://localhost:3000/staff/complaints/${stored?.id}`);
    const [event] = await h.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, stored?.id ?? ""), eq(auditEvents.action, "complaint_received")));
    expect(event?.subjectType).toBe("complaint");
  });

  it("links no one else's request: a number that does not match the address is kept as written, and the answer is alike", async () => {
    const request = await refusedRequest();
    const res = await complain({ email: "stranger@example.com", trackingNumber: request.trackingNumber });
    expect(res.status).toBe(201);
    const { trackingNumber } = await json(res);
    const [stored] = await h.ctx.db.select().from(complaints).where(eq(complaints.trackingNumber, trackingNumber));
    expect(stored).toMatchObject({ requestId: null, requestReference: request.trackingNumber, jurisdiction: "other" });
    const [mail] = (await mailsOf("complaint_received")).filter((row) => row.recipient === "stranger@example.com");
    expect(mail?.payload).not.toHaveProperty("requestTrackingNumber");
    // Without a British law the acknowledgement is the company's own practice, kept for everyone.
    expect(stored?.acknowledgeBasis).toMatch(/^Company practice: 30 calendar days/);
  });

  it("refuses what is missing or malformed with a problem naming the field", async () => {
    const res = await h.post("/v1/complaints", { name: "Jane", email: "not-an-address", statement: " " });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const fields = ((await json(res)).errors as { field: string }[]).map((error) => error.field).sort();
    expect(fields).toEqual(["email", "statement"]);
    expect((await complain({ email: "a@example.com", trackingNumber: "12345" })).status).toBe(422);
  });

  it("writes to the complainant in the language they complained in", async () => {
    const filed = await json(await complain({ email: "maria@example.com", language: "es", jurisdiction: "UK" }));
    const deps = {
      db: h.ctx.db,
      config: { ...h.ctx.config, SMTP_URL: smtp.url },
      mailer: createMailer({ ...h.ctx.config, SMTP_URL: smtp.url }),
      render: createRenderer(h.ctx.config),
      log: silentLogger,
    };
    await runOutboxDispatch(deps, h.ctx.now());
    deps.mailer.close();
    const mail = smtp.received.find(
      (one) =>
        one.subject?.includes(filed.trackingNumber) && !Array.isArray(one.to) && one.to?.text === "maria@example.com",
    );
    expect(mail?.subject).toBe(`Recibimos su queja (${filed.trackingNumber})`);
  });
});

describe("the complaints queue and its answers", () => {
  it("lists open complaints by the day their answer is due, to the whole team", async () => {
    h.setNow("2026-11-25T15:00:00Z");
    const later = await json(await complain({ email: "later@example.com", jurisdiction: "GB" }));
    const { items } = await json(await auditor.get("/v1/review/complaints"));
    const numbers = items.map((item: { trackingNumber: string }) => item.trackingNumber);
    expect(numbers.at(-1)).toBe(later.trackingNumber);
    const days = items.map((item: { answerBy: string }) => item.answerBy);
    expect(days).toEqual([...days].sort());
    expect((await auditor.get("/v1/review/complaints?status=pending")).status).toBe(422);
  });

  it("sends the final answer once, with where to go next, by someone who did not decide the request", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const request = await refusedRequest();
    const filed = await json(await complain({ email: request.email, trackingNumber: request.trackingNumber }));
    const [stored] = await h.ctx.db
      .select()
      .from(complaints)
      .where(eq(complaints.trackingNumber, filed.trackingNumber));
    const id = stored?.id as string;
    // The request's own page lists the complaints about it.
    const { complaints: about } = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
    expect(about).toEqual([expect.objectContaining({ id, trackingNumber: filed.trackingNumber, status: "open" })]);
    const desk = await signedIn(h, "reviewer");
    expect((await desk.get(`/staff/requests/${request.id}`)).page).toContain(`href="/staff/complaints/${id}"`);
    const answerBody = {
      outcome: "partly_upheld",
      explanation: "We should have explained the litigation hold better; the refusal itself stands.",
    };
    expect((await auditor.post(`/v1/review/complaints/${id}/answer`, answerBody)).status).toBe(403);
    expect((await deciding.post(`/v1/review/complaints/${id}/answer`, answerBody)).status).toBe(403);
    const answered = await reviewer.post(`/v1/review/complaints/${id}/answer`, answerBody);
    expect(answered.status).toBe(200);
    expect(await json(answered)).toMatchObject({
      status: "answered",
      outcome: "partly_upheld",
      answeredBy: reviewer.id,
    });
    expect((await reviewer.post(`/v1/review/complaints/${id}/answer`, answerBody)).status).toBe(409);
    const [mail] = (await mailsOf("complaint_answered")).filter((row) => row.recipient === request.email);
    expect(mail?.payload).toMatchObject({
      outcome: "partly_upheld",
      requestTrackingNumber: request.trackingNumber,
      goNext: [
        { name: "Fair Privacy ADR", url: "https://adr.example" },
        { name: "the Information Commissioner's Office", url: "https://ico.org.uk/make-a-complaint/" },
      ],
    });
    expect((await reviewer.get(`/v1/review/complaints/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("sends a deadlock letter once when the answer is due without one, and keeps the complaint open", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const filed = await json(await complain({ email: "waiting@example.com", jurisdiction: "GB" }));
    const sweep = () => runComplaintSweep({ db: h.ctx.db, config: h.ctx.config }, h.ctx.now());
    const deadlocks = async () =>
      (await mailsOf("complaint_deadlock")).filter((row) => row.recipient === "waiting@example.com");
    h.setNow("2027-01-14T15:00:00Z");
    await sweep();
    expect(await deadlocks()).toHaveLength(0);
    h.setNow(`${filed.answerBy}T15:00:00Z`);
    await sweep();
    await sweep();
    const letters = await deadlocks();
    expect(letters).toHaveLength(1);
    expect(letters[0]?.payload).toMatchObject({ complaintNumber: filed.trackingNumber, answerBy: filed.answerBy });
    const escalated = (await mailsOf("complaint_for_team")).filter(
      (mail) => mail.payload.complaintNumber === filed.trackingNumber && mail.payload.event === "deadlocked",
    );
    expect(escalated.map((mail) => mail.recipient)).toEqual([h.ctx.config.ESCALATION_EMAIL]);
    const [stored] = await h.ctx.db
      .select()
      .from(complaints)
      .where(eq(complaints.trackingNumber, filed.trackingNumber));
    expect(stored).toMatchObject({ status: "open", deadlockSentAt: new Date(`${filed.answerBy}T15:00:00Z`) });
  });
});

describe("the complaint pages", () => {
  const origin = "http://localhost:3000";
  const postForm = (path: string, fields: Record<string, string>) =>
    h.app.request(path, { method: "POST", headers: { origin }, body: new URLSearchParams(fields) });

  it("take a complaint on the public form, in the page's language, and keep what was typed when it is refused", async () => {
    const landing = await (await h.app.request("/")).text();
    expect(landing).toContain('href="/complaint"');
    const refused = await postForm("/complaint", { name: "Jane", email: "jane@example.com", statement: "" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('value="jane@example.com"');
    const filed = await postForm("/complaint?lang=es", {
      name: "María",
      email: "maria.page@example.com",
      trackingNumber: "",
      jurisdiction: "GB",
      statement: "No me respondieron.",
    });
    expect(filed.status).toBe(201);
    expect(await filed.text()).toMatch(/Recibimos su queja\. Su número es RC-/);
    const [stored] = await h.ctx.db
      .select()
      .from(complaints)
      .where(eq(complaints.complainantEmail, "maria.page@example.com"));
    expect(stored).toMatchObject({ language: "es", jurisdiction: "GB", requestId: null, requestReference: null });
  });

  it("give the desk a queue, each complaint whole, and an answer form only to those who may answer", async () => {
    h.setNow("2026-11-20T15:00:00Z");
    const filed = await json(await complain({ email: "desk@example.com", jurisdiction: "GB" }));
    const [stored] = await h.ctx.db
      .select()
      .from(complaints)
      .where(eq(complaints.trackingNumber, filed.trackingNumber));
    const id = stored?.id as string;
    const watcher = await signedIn(h, "auditor");
    const queue = await watcher.get("/staff/complaints");
    expect(queue.status).toBe(200);
    expect(queue.page).toContain(`href="/staff/complaints/${id}"`);
    const seen = await watcher.get(`/staff/complaints/${id}`);
    expect(seen.page).toContain("You refused my opt-out without a reason.");
    expect(seen.page).not.toContain("Send the answer");
    expect(
      (await watcher.post(`/staff/complaints/${id}/answer`, { outcome: "upheld", explanation: "We agree, sorry." }))
        .status,
    ).toBe(403);
    const answering = await signedIn(h, "reviewer");
    expect((await answering.get(`/staff/complaints/${id}`)).page).toContain("Send the answer");
    const thin = await answering.post(`/staff/complaints/${id}/answer`, { explanation: "We agree with you entirely." });
    expect(thin.status).toBe(422);
    expect(thin.page).toContain("We agree with you entirely.");
    const answered = await answering.post(`/staff/complaints/${id}/answer`, {
      outcome: "upheld",
      explanation: "We agree with you entirely, and have fixed it.",
    });
    expect(answered.status).toBe(200);
    expect(answered.page).toContain("The answer is on its way to the complainant.");
    expect((await answering.get("/staff/complaints?status=answered")).page).toContain(filed.trackingNumber);
    expect((await answering.get("/staff/complaints/not-a-complaint")).status).toBe(404);
  });
});
