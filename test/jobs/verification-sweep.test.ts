import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, requestEvents, requests, verifications } from "../../src/db/schema/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";
import { latestVerificationSecrets } from "../support/verification.js";

let smtp: TestSmtp;
let h: Harness;
beforeAll(async () => {
  smtp = await startSmtp();
  h = await createHarness({ SMTP_URL: smtp.url });
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});

const start = new Date("2026-11-20T15:00:00Z");
const daysLater = (days: number) => new Date(start.getTime() + days * 86_400_000);
const mailOf = (requestId: string, template: string) =>
  h.ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.requestId, requestId), eq(outbox.template, template)));
const requestRow = async (id: string) => (await h.ctx.db.select().from(requests).where(eq(requests.id, id)))[0];

describe("unverified requests", () => {
  it("get one reminder with a fresh link, then close as denied with a notice, then lose their personal data", async () => {
    h.setNow(start);
    const receipt = await json(
      await h.post(
        "/v1/requests",
        intakeBody({ kind: "deletion", subject: { name: "Una Verified", email: "una@example.com" } }),
      ),
    );
    const first = await latestVerificationSecrets(h, receipt.id);

    h.setNow(daysLater(6));
    expect(await h.verificationSweep()).toEqual({ reminded: 0, closed: 0, purged: 0 });

    h.setNow(daysLater(7));
    expect(await h.verificationSweep()).toEqual({ reminded: 1, closed: 0, purged: 0 });
    h.setNow(daysLater(8));
    expect((await h.verificationSweep()).reminded).toBe(0);
    const reminder = await latestVerificationSecrets(h, receipt.id);
    expect(reminder.payload).toMatchObject({ closesOn: "2027-01-04" });
    expect(reminder.token).not.toBe(first.token);
    expect((await h.app.request(`/verify/${first.token}`)).status).toBe(404);
    expect((await h.app.request(`/verify/${reminder.token}`)).status).toBe(200);

    // California lets the 45-day period run before an unverified request is denied (11 CCR §7021(b)).
    h.setNow(daysLater(14));
    expect(await h.verificationSweep()).toEqual({ reminded: 0, closed: 0, purged: 0 });
    h.setNow(daysLater(45));
    expect(await h.verificationSweep()).toEqual({ reminded: 0, closed: 1, purged: 0 });
    expect(await requestRow(receipt.id)).toMatchObject({
      status: "denied",
      closedUnverifiedAt: daysLater(45),
      outcome: "denied",
      denialGround: "identity_not_verified",
      appealBy: "2027-03-05",
    });
    const [notice] = await mailOf(receipt.id, "closed_unverified");
    expect(notice?.payload).toMatchObject({
      kind: "deletion",
      outcome: "denied",
      reason: "We could not confirm your identity.",
      appealUrl: `http://localhost:3000/appeal?tracking=${receipt.trackingNumber}`,
      appealBy: "2027-03-05",
      offerOptOut: { url: "http://localhost:3000/privacy/request?kind=opt_out", cite: "Cal. Civ. Code §1798.120" },
    });

    // The notice is still owed: its address is kept until it is delivered.
    h.setNow(daysLater(45 + 31));
    expect((await h.verificationSweep()).purged).toBe(0);
    await h.dispatch();
    const delivered = smtp.received.filter((mail) => mail.subject?.startsWith("We closed your privacy request"));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.text).toContain("stop selling or sharing");
    expect(delivered[0]?.text).toContain("you can appeal until Friday, March 5, 2027");
    expect(smtp.received.some((mail) => mail.subject?.startsWith("Reminder: confirm your privacy request"))).toBe(true);

    // Sent, but the refusal can still be appealed, which needs the address it was filed with.
    expect((await h.verificationSweep()).purged).toBe(0);
    h.setNow(daysLater(45 + 61));
    expect((await h.verificationSweep()).purged).toBe(1);
    const purged = await requestRow(receipt.id);
    expect(purged).toMatchObject({
      subjectName: "",
      subjectEmail: "",
      status: "denied",
      trackingNumber: receipt.trackingNumber,
    });
    expect(purged?.purgedAt).toEqual(daysLater(45 + 61));
    const rows = JSON.stringify([
      purged,
      await h.ctx.db.select().from(outbox).where(eq(outbox.requestId, receipt.id)),
      await h.ctx.db.select().from(verifications).where(eq(verifications.requestId, receipt.id)),
      await h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, receipt.id)),
    ]);
    expect(rows).not.toContain("una@example.com");
    expect(rows).not.toContain("Una Verified");
    expect(rows).toContain("personal_data_purged");
    expect((await h.verificationSweep()).purged).toBe(0);
  });

  it("are reminded, closed and purged once even by two sweeps at the same moment", async () => {
    h.setNow(start);
    const receipt = await json(await h.post("/v1/requests", intakeBody({ kind: "deletion", jurisdiction: "US-VA" })));
    const both = async () => {
      const [a, b] = await Promise.all([h.verificationSweep(), h.verificationSweep()]);
      return { reminded: a.reminded + b.reminded, closed: a.closed + b.closed, purged: a.purged + b.purged };
    };
    h.setNow(daysLater(7));
    expect((await both()).reminded).toBe(1);
    expect(await mailOf(receipt.id, "verification_reminder")).toHaveLength(1);
    h.setNow(daysLater(14));
    expect((await both()).closed).toBe(1);
    await h.dispatch();
    h.setNow(daysLater(14 + 61));
    expect((await both()).purged).toBe(1);
    const events = await h.ctx.db.select().from(requestEvents).where(eq(requestEvents.requestId, receipt.id));
    expect(events.filter((event) => event.action === "personal_data_purged")).toHaveLength(1);
  });

  it("close elsewhere after the company's 14 days, as a refusal the requester may appeal, which keeps their address", async () => {
    h.setNow(start);
    const body = intakeBody({ kind: "deletion", jurisdiction: "US-VA" });
    const receipt = await json(await h.post("/v1/requests", body));
    expect((await latestVerificationSecrets(h, receipt.id)).payload).toMatchObject({ closesOn: "2026-12-04" });
    h.setNow(daysLater(14));
    expect((await h.verificationSweep()).closed).toBe(1);
    const [notice] = await mailOf(receipt.id, "closed_unverified");
    expect(notice?.payload).toMatchObject({ appealBy: "2027-02-02" });
    // Virginia's law asks no opt-out offer of a refused deletion.
    expect(notice?.payload.offerOptOut).toBeUndefined();
    await h.dispatch();

    const appealed = await h.post("/v1/appeals", {
      trackingNumber: receipt.trackingNumber,
      email: body.subject.email,
      statement: "I never got the e-mail: it went to my spam folder.",
    });
    expect(appealed.status, await appealed.clone().text()).toBe(201);
    expect(await requestRow(receipt.id)).toMatchObject({ status: "appeal_received" });
    h.setNow(daysLater(14 + 61));
    expect((await h.verificationSweep()).purged).toBe(0);
    expect((await requestRow(receipt.id))?.subjectEmail).toBe(body.subject.email);
  });

  it("leave verified requests alone", async () => {
    h.setNow(start);
    const receipt = await json(
      await h.post("/v1/requests", intakeBody({ kind: "access", accessScope: "categories", jurisdiction: "US-VA" })),
    );
    const { code } = await latestVerificationSecrets(h, receipt.id);
    expect((await h.post(`/v1/requests/${receipt.id}/verification`, { code })).status).toBe(200);
    h.setNow(daysLater(20));
    await h.verificationSweep();
    expect(await requestRow(receipt.id)).toMatchObject({ status: "in_review", closedUnverifiedAt: null });
    expect(await mailOf(receipt.id, "verification_reminder")).toEqual([]);
  });
});
