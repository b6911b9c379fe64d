import { and, eq, notInArray } from "drizzle-orm";
import { Temporal } from "temporal-polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../src/db/schema/index.js";
import { systemJob } from "../../src/domain/actor.js";
import { onRequest } from "../../src/modules/request-lifecycle/index.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffMember } from "../support/staff.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ ESCALATION_REPEAT_DAYS: 7, EXTENSION_WARNING_DAYS: 3, REMINDER_OFFSETS_DAYS: [7, 3, 1] });
});
afterAll(() => h.close());

/** 10:00 in New York on the given day: the sweep's business day is that date. */
const at = (date: string) => new Date(`${date}T15:00:00Z`);
const plus = (date: string, days: number) => Temporal.PlainDate.from(date).add({ days }).toString();

/** A US-VA access request received 30 days before `respondBy`, so the company promise sets that deadline. */
async function requestDueOn(respondBy: string, jurisdiction: "US-VA" | "US-CA" = "US-VA"): Promise<{ id: string }> {
  h.setNow(at(plus(respondBy, -30)));
  const receipt = await json(await h.post("/v1/requests", intakeBody({ kind: "deletion", jurisdiction })));
  expect(receipt.respondBy).toBe(respondBy);
  return receipt;
}

const owed = async (requestId: string) =>
  (
    await h.ctx.db
      .select({ key: outbox.idempotencyKey, recipient: outbox.recipient, payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.requestId, requestId), notInArray(outbox.template, ["acknowledgement", "verification"])))
  ).map((row) => ({ ...row, key: withoutIdAndDeadline(row.key) }));

/** "request:<id>:reviewer_reminder:<deadline>:3d" -> "reviewer_reminder:3d": what the tests compare. */
const withoutIdAndDeadline = (key: string) =>
  key
    .split(":")
    .slice(2)
    .filter((part) => !/^\d{4}-\d{2}-\d{2}$/.test(part))
    .join(":");

describe("reminder sweep", () => {
  it("enqueues nothing new when run twice at the same instant", async () => {
    const request = await requestDueOn("2027-03-10");
    h.setNow(at("2027-03-07"));
    const first = await h.sweep();
    expect(first.reviewerReminders).toBeGreaterThanOrEqual(1);
    expect(await h.sweep()).toEqual({
      reviewerReminders: 0,
      escalations: 0,
      extensionWarnings: 0,
      appealReminders: 0,
      taskReminders: 0,
      controllerReminders: 0,
    });
    expect((await owed(request.id)).map((row) => row.key)).toEqual(["reviewer_reminder:3d"]);
  });

  it("sends each reminder once as the clock moves day by day, then escalates when overdue and every 7 days", async () => {
    const respondBy = "2027-04-20";
    const request = await requestDueOn(respondBy);
    for (let day = -10; day <= 16; day++) {
      h.setNow(at(plus(respondBy, day)));
      await h.sweep();
      await h.sweep();
    }
    const rows = await owed(request.id);
    // The VA statutory deadline (45 days) falls 15 days after the company's, inside the loop: hence the warning.
    expect(rows.map((row) => row.key).sort()).toEqual(
      [
        "extension_window_closing",
        "overdue_escalation:0",
        "overdue_escalation:1",
        "overdue_escalation:2",
        "reviewer_reminder:1d",
        "reviewer_reminder:3d",
        "reviewer_reminder:7d",
      ].sort(),
    );
    const reminder = rows.find((row) => row.key === "reviewer_reminder:7d");
    expect(reminder?.recipient).toBe("privacy-team@localhost");
    expect(reminder?.payload).toMatchObject({ respondBy, daysLeft: 7, kind: "deletion", jurisdiction: "US-VA" });
    const escalation = rows.find((row) => row.key === "overdue_escalation:1");
    expect(escalation?.recipient).toBe("dpo@localhost");
    expect(escalation?.payload).toMatchObject({ daysOverdue: 8 });
  });

  it("after downtime sends only the latest reminder due, not every one missed", async () => {
    const respondBy = "2027-05-20";
    const request = await requestDueOn(respondBy);
    h.setNow(at(plus(respondBy, -10)));
    await h.sweep();
    h.setNow(at(plus(respondBy, -2)));
    await h.sweep();
    expect((await owed(request.id)).map((row) => row.key)).toEqual(["reviewer_reminder:3d"]);
    h.setNow(at(plus(respondBy, 20)));
    await h.sweep();
    expect((await owed(request.id)).map((row) => row.key).sort()).toEqual([
      "overdue_escalation:2",
      "reviewer_reminder:3d",
    ]);
  });

  it("warns before the last day an extension may be announced, once", async () => {
    // US-CA: 45 days to respond with a 45-day extension; the notice must go out by the 45th day.
    const request = await requestDueOn("2027-06-10", "US-CA");
    const extensionNoticeBy = plus("2027-06-10", 15);
    h.setNow(at(plus(extensionNoticeBy, -4)));
    await h.sweep();
    expect((await owed(request.id)).some((row) => row.key === "extension_window_closing")).toBe(false);
    h.setNow(at(plus(extensionNoticeBy, -3)));
    await h.sweep();
    h.setNow(at(plus(extensionNoticeBy, -1)));
    await h.sweep();
    const warnings = (await owed(request.id)).filter((row) => row.key === "extension_window_closing");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.payload).toMatchObject({ extensionNoticeBy });
  });

  it("reminds the assignee rather than the team, and reminds again for an extended deadline, without the window warning", async () => {
    const respondBy = "2027-08-10";
    const request = await requestDueOn(respondBy);
    const reviewer = await staffMember(h, "reviewer");
    h.setNow(at(plus(respondBy, -20)));
    expect((await reviewer.act(request.id, "claim", { version: 1 })).status).toBe(200);
    h.setNow(at(plus(respondBy, -7)));
    await h.sweep();
    const [reminder] = await owed(request.id);
    expect(reminder?.recipient).toMatch(/^reviewer-.*@staff\.example$/);
    const extended = await reviewer.act(request.id, "extend", {
      version: 2,
      reason: "Several archives must be searched by hand.",
    });
    expect(extended.status).toBe(200);
    const newDeadline = extended.body.respondBy as string;
    // The window warning (15 days later) no longer applies; the new deadline gets its own reminders.
    h.setNow(at(plus(newDeadline, -3)));
    await h.sweep();
    const keys = (await owed(request.id)).map((row) => row.key).sort();
    expect(keys).toEqual(["extension_notice", "reviewer_reminder:3d", "reviewer_reminder:7d"]);
  });

  it("leaves answered requests alone", async () => {
    const request = await requestDueOn("2027-07-10");
    await onRequest(h.ctx.db, { requestId: request.id, actor: systemJob("test"), at: h.ctx.now() }, ({ change }) =>
      change({ action: "denied", to: "denied" }),
    );
    h.setNow(at("2027-07-09"));
    await h.sweep();
    h.setNow(at("2027-07-30"));
    await h.sweep();
    expect(await owed(request.id)).toEqual([]);
  });

  it("renders every reminder it enqueues", async () => {
    const report = await h.dispatch();
    expect(report.dead).toBe(0);
    expect(report.sent).toBeGreaterThan(10);
  });
});
