import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";

let h: Harness;
let reviewer: StaffMember;
const opened: Record<string, { id: string; trackingNumber: string; respondBy: string }> = {};

/** Requests received on different days, so their deadlines spread out; each is named for the tests below. */
beforeAll(async () => {
  h = await createHarness();
  reviewer = await staffMember(h, "reviewer");
  const receive = async (name: string, at: string, body = intakeBody()) => {
    h.setNow(at);
    opened[name] = await json(await h.post("/v1/requests", body));
  };
  await receive("oldest", "2026-10-01T15:00:00Z");
  await receive("older", "2026-10-20T15:00:00Z", intakeBody({ kind: "deletion", jurisdiction: "US-VA" }));
  await receive(
    "agent",
    "2026-11-01T15:00:00Z",
    intakeBody({
      kind: "deletion",
      jurisdiction: "US-CA",
      submittedBy: {
        role: "authorized_agent",
        name: "Agent Smith",
        email: "agent@agency.example",
        authority: "signed_permission",
      },
    }),
  );
  await receive("newer", "2026-11-10T15:00:00Z", intakeBody({ jurisdiction: "GB" }));
  await receive("sameDay1", "2026-11-15T15:00:00Z");
  await receive("sameDay2", "2026-11-15T15:01:00Z");
  await receive("closed", "2026-11-16T15:00:00Z");
  h.setNow("2026-11-20T15:00:00Z");
  await reviewer.act(opened.closed?.id ?? "", "withdraw", { version: 1, note: "Asked by phone." });
  await reviewer.act(opened.newer?.id ?? "", "claim", { version: 1 });
});
afterAll(() => h.close());

const queue = async (query = "") => {
  const res = await reviewer.get(`/v1/review/requests${query}`);
  expect(res.status).toBe(200);
  return json(res);
};
const names = (items: { id: string }[]) =>
  items.map((item) => Object.entries(opened).find(([, request]) => request.id === item.id)?.[0]);

describe("review queue", () => {
  it("lists open requests soonest deadline first, then by receipt, leaving out closed ones", async () => {
    const page = await queue();
    expect(names(page.items)).toEqual(["oldest", "older", "agent", "sameDay1", "sameDay2", "newer"]);
    expect(page.items[0]).toMatchObject({ respondBy: opened.oldest?.respondBy, overdue: true, version: 1 });
    expect(page.nextCursor).toBeNull();
  });

  it("pages by keyset with no request lost or repeated, ties on the same deadline included", async () => {
    const seen: string[] = [];
    let cursor = "";
    do {
      const page = await queue(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...names(page.items).map(String));
      cursor = page.nextCursor ?? "";
    } while (cursor);
    expect(seen).toEqual(["oldest", "older", "agent", "sameDay1", "sameDay2", "newer"]);
  });

  it("filters by status, kind, jurisdiction, assignee, overdue, due date, flags and tracking number", async () => {
    expect(names((await queue("?status=withdrawn")).items)).toEqual(["closed"]);
    expect(names((await queue("?kind=deletion")).items)).toEqual(["older", "agent"]);
    expect(names((await queue("?jurisdiction=GB,US-VA")).items)).toEqual(["older", "newer"]);
    expect(names((await queue("?assignee=me")).items)).toEqual(["newer"]);
    expect(names((await queue(`?assignee=${reviewer.id}`)).items)).toEqual(["newer"]);
    expect((await queue("?assignee=none")).items).toHaveLength(5);
    expect(names((await queue("?overdue=true")).items)).toEqual(["oldest", "older"]);
    expect(names((await queue("?overdue=false")).items)).toEqual(["agent", "sameDay1", "sameDay2", "newer"]);
    expect(names((await queue(`?dueBefore=${opened.agent?.respondBy}`)).items)).toEqual(["oldest", "older"]);
    expect(names((await queue("?flagged=agent")).items)).toEqual(["agent"]);
    expect((await queue("?flagged=minor")).items).toEqual([]);
    const prefix = opened.sameDay2?.trackingNumber.slice(0, 9).toLowerCase();
    expect(names((await queue(`?q=${prefix}`)).items)).toContain("sameDay2");
  });

  it("counts the open queue's buckets", async () => {
    const { counts, countsCappedAt } = await queue("?kind=deletion");
    // Today is 2026-11-20: "oldest" (CA opt-out, 15 business days) and "older" (due 2026-11-19) are overdue;
    // the rest fall later than a week. The kind filter does not narrow the counts.
    expect(counts).toEqual({ overdue: 2, dueIn3Days: 0, dueIn7Days: 0, unassigned: 5, tasksBehind: 0 });
    expect(countsCappedAt).toBe(1_000);
  });

  it("answers a bad filter or a forged cursor with 422 naming the parameter", async () => {
    for (const [query, field] of [
      ["?status=lost", "status"],
      ["?limit=0", "limit"],
      ["?dueBefore=tomorrow", "dueBefore"],
      ["?cursor=bm90LWEtY3Vyc29y", "cursor"],
      ["?q=%25", "q"],
      ["?color=red", "color"],
    ]) {
      const res = await reviewer.get(`/v1/review/requests${query}`);
      expect(res.status, query).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const errors = (await json(res)).errors;
      expect(errors, query).toEqual([
        expect.objectContaining({ field: expect.stringMatching(new RegExp(`^${field}`)) }),
      ]);
    }
  });
});

describe("request detail", () => {
  it("shows the request, its clocks with their basis, its trail, its messages and the subject's access count", async () => {
    const detail = await json(await reviewer.get(`/v1/review/requests/${opened.older?.id}`));
    expect(detail.request).toMatchObject({
      id: opened.older?.id,
      kind: "deletion",
      jurisdiction: "US-VA",
      status: "verifying",
    });
    expect(detail.request.clocks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: "statutory_response",
          basis: expect.stringMatching(/US-VA: 45 calendar days/),
        }),
      ]),
    );
    expect(detail.respondByBasis).toMatch(/Company promise/);
    expect(detail.events.map((event: { action: string }) => event.action)).toEqual([
      "received",
      "verification_started",
    ]);
    expect(detail.events[0].rulesVersion).toBe("US-VA@2023-01-01");
    expect(detail.messages.map((message: { template: string }) => message.template).sort()).toEqual([
      "acknowledgement",
      "verification",
    ]);
    expect(detail.accessRequestsInPrior12Months).toBe(0);
    expect((await reviewer.get("/v1/review/requests/00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("counts the subject's access requests in the 12 months before this one", async () => {
    const body = intakeBody({ kind: "access", accessScope: "categories" });
    h.setNow("2026-01-10T15:00:00Z");
    await h.post("/v1/requests", body);
    h.setNow("2026-06-10T15:00:00Z");
    await h.post("/v1/requests", body);
    h.setNow("2026-11-20T15:00:00Z");
    const third = await json(await h.post("/v1/requests", body));
    const detail = await json(await reviewer.get(`/v1/review/requests/${third.id}`));
    expect(detail.accessRequestsInPrior12Months).toBe(2);
    expect(detail.related).toHaveLength(2);
  });
});
