import { describe, expect, it } from "vitest";
import { type CompanyPolicy, computeDeadlines, type DueClock } from "../../src/domain/deadlines.js";
import { rulesInEffect, rulesTable } from "../../src/domain/jurisdictions/index.js";
import { jurisdictions, type RequestKind, usStates } from "../../src/domain/vocabulary.js";

const policy: CompanyPolicy = { timeZone: "America/New_York", responsePromiseDays: 30 };
// Friday 20 November 2026, 10:00 in New York: Thanksgiving falls inside the business-day clocks.
const friday = new Date("2026-11-20T15:00:00Z");

const clocksOf = (kind: RequestKind, jurisdiction: (typeof jurisdictions)[number], receivedAt = friday) =>
  computeDeadlines({ kind, jurisdiction, receivedAt }, policy);

const byName = (clocks: DueClock[]) => Object.fromEntries(clocks.map((clock) => [clock.name, clock.dueOn]));

describe("every jurisdiction row, for an access request received on Friday 2026-11-20", () => {
  // Hand-computed: 45 calendar days is 2027-01-04; 90 is 2027-02-18; 135 is 2027-04-04; one month is 2026-12-20.
  const expected: Record<string, { statutory: string; extensionLimit: string }> = {
    EU: { statutory: "2026-12-20", extensionLimit: "2027-02-20" },
    GB: { statutory: "2026-12-20", extensionLimit: "2027-02-20" },
    "US-IA": { statutory: "2027-02-18", extensionLimit: "2027-04-04" },
  };
  const usDefault = { statutory: "2027-01-04", extensionLimit: "2027-02-18" };

  it.each(jurisdictions.filter((j) => j !== "other"))("%s", (jurisdiction) => {
    const deadlines = clocksOf("access", jurisdiction);
    const due = byName(deadlines.clocks);
    const want = expected[jurisdiction] ?? usDefault;
    expect(due.statutory_response).toBe(want.statutory);
    expect(due.extension_limit).toBe(want.extensionLimit);
    expect(due.company_promise).toBe("2026-12-20");
    // The 30-day promise is at least as strict as every statute here.
    expect(deadlines.respondBy).toBe("2026-12-20");
    expect(due.acknowledge).toBe(jurisdiction === "US-CA" ? "2026-12-07" : undefined);
    for (const clock of deadlines.clocks.filter((c) => c.name !== "company_promise")) {
      expect(clock.basis.startsWith(`${jurisdiction}: `)).toBe(true);
    }
  });
});

describe("clocks by kind", () => {
  it("a California opt-out is due in 15 business days and needs no acknowledgement", () => {
    const deadlines = clocksOf("opt_out", "US-CA");
    expect(byName(deadlines.clocks)).toEqual({
      company_promise: "2026-12-20",
      statutory_response: "2027-01-04",
      opt_out: "2026-12-14",
      extension_limit: "2027-02-18",
    });
    expect(deadlines.respondBy).toBe("2026-12-14");
    expect(deadlines.respondByBasis).toBe("US-CA: 15 business days for opt-out, 11 CCR §7026(f)");
  });

  it("a California limit on sensitive data has its own 15 business days", () => {
    const deadlines = clocksOf("limit_sensitive", "US-CA");
    expect(byName(deadlines.clocks).limit_sensitive).toBe("2026-12-14");
    expect(byName(deadlines.clocks).acknowledge).toBeUndefined();
    expect(deadlines.respondByBasis).toContain("11 CCR §7027");
  });

  it.each(["access", "portability", "correction", "deletion"] as const)(
    "a California %s is acknowledged in 10 business days",
    (kind) => {
      const clock = clocksOf(kind, "US-CA").clocks.find((c) => c.name === "acknowledge");
      expect(clock).toEqual({
        name: "acknowledge",
        dueOn: "2026-12-07",
        basis: "US-CA: 10 business days to acknowledge, 11 CCR §7021(a)",
      });
    },
  );

  it("an opt-out elsewhere has no separate clock, only the response deadline", () => {
    const due = byName(clocksOf("opt_out", "US-VA").clocks);
    expect(due.opt_out).toBeUndefined();
    expect(due.statutory_response).toBe("2027-01-04");
  });

  it("an opt-in after an opt-out has no statutory clock anywhere, only the company's promise", () => {
    for (const jurisdiction of ["US-CA", "EU", "other"] as const) {
      const deadlines = clocksOf("opt_in", jurisdiction);
      expect(
        deadlines.clocks.map((clock) => clock.name),
        jurisdiction,
      ).toEqual(["company_promise"]);
      expect(deadlines.respondBy).toBe("2026-12-20");
      expect(deadlines.extensionNoticeBy).toBeUndefined();
    }
  });
});

describe("the company promise against the law", () => {
  it("a shorter promise than the statute wins and says so", () => {
    const deadlines = clocksOf("access", "US-TX");
    expect(deadlines.respondByBasis).toBe("Company promise: 30 calendar days to respond to every request");
  });

  it("a promise longer than a statute yields to the statute", () => {
    const deadlines = computeDeadlines(
      { kind: "access", jurisdiction: "US-CO", receivedAt: friday },
      { ...policy, responsePromiseDays: 60 },
    );
    expect(deadlines.respondBy).toBe("2027-01-04");
    expect(deadlines.respondByBasis).toBe("US-CO: 45 calendar days to respond, C.R.S. §6-1-1306(2)");
  });

  it("in February the GDPR month is stricter than 30 days", () => {
    const deadlines = clocksOf("access", "EU", new Date("2027-01-31T12:00:00Z"));
    expect(deadlines.respondBy).toBe("2027-02-28");
    expect(deadlines.respondByBasis).toBe("EU: 1 calendar month to respond, GDPR Art. 12(3) (unconfirmed)");
    expect(byName(deadlines.clocks).extension_limit).toBe("2027-04-30");
  });

  it("in a leap year the month ends on 29 February", () => {
    expect(clocksOf("deletion", "GB", new Date("2028-01-31T12:00:00Z")).respondBy).toBe("2028-02-29");
  });

  it("after a 31-day month, 30 days is stricter than the GDPR month", () => {
    const deadlines = clocksOf("access", "EU", new Date("2026-07-31T12:00:00Z"));
    expect(byName(deadlines.clocks).statutory_response).toBe("2026-08-31");
    expect(deadlines.respondBy).toBe("2026-08-30");
  });

  it("dates an evening request in California by California's day, not New York's next one, and says so", () => {
    // 21:30 in Los Angeles on Friday 20 November is 00:30 on Saturday in New York.
    const evening = new Date("2026-11-21T05:30:00Z");
    const deadlines = clocksOf("access", "US-CA", evening);
    expect(deadlines.receiptDate).toBe("2026-11-20");
    expect(byName(deadlines.clocks).acknowledge).toBe("2026-12-07");
    expect(deadlines.respondBy).toBe("2026-12-20");
    expect(deadlines.respondByBasis).toContain("received on 2026-11-20 as dated in America/Los_Angeles");
    // Virginia keeps New York's clock, whose date is the same as its own.
    const virginia = clocksOf("access", "US-VA", evening);
    expect(virginia.receiptDate).toBe("2026-11-21");
    expect(virginia.respondByBasis).not.toContain("dated in");
    // Where the residence is unknown, the westernmost law's date binds.
    expect(clocksOf("access", "other", evening).receiptDate).toBe("2026-11-20");
  });

  it("never dates a request later than the company would", () => {
    // 23:30 in London on 20 November is 18:30 in New York: both read the 20th.
    expect(clocksOf("access", "GB", new Date("2026-11-20T23:30:00Z")).receiptDate).toBe("2026-11-20");
  });

  it("the receipt date is taken in the business time zone, across a DST change", () => {
    // 23:59 EDT on Saturday 31 October: day 0 is 31 October, so 30 days is 30 November.
    const deadlines = clocksOf("access", "US-VA", new Date("2026-11-01T03:59:00Z"));
    expect(deadlines.receiptDate).toBe("2026-10-31");
    expect(deadlines.respondBy).toBe("2026-11-30");
  });
});

describe("business-day clocks over year end", () => {
  it("a California acknowledgement received on 18 December skips Christmas and New Year's Day", () => {
    const due = byName(clocksOf("access", "US-CA", new Date("2026-12-18T15:00:00Z")).clocks);
    expect(due.acknowledge).toBe("2027-01-05");
  });

  it("a California opt-out received on 22 December 2027 skips both Friday-observed holidays", () => {
    const due = byName(clocksOf("opt_out", "US-CA", new Date("2027-12-22T15:00:00Z")).clocks);
    // Counted: 23, 27, 28, 29, 30 December; 3 to 7 and 10 to 14 January.
    expect(due.opt_out).toBe("2028-01-14");
  });
});

describe("unknown residence: the strictest rule of every jurisdiction", () => {
  it("takes each clock from whichever jurisdiction is strictest, and says so", () => {
    const deadlines = clocksOf("opt_out", "other");
    const clocks = Object.fromEntries(deadlines.clocks.map((clock) => [clock.name, clock]));
    expect(clocks.statutory_response?.dueOn).toBe("2026-12-20");
    expect(clocks.statutory_response?.basis).toMatch(
      /^Residence unknown, strictest rule applies: (EU|GB): 1 calendar month/,
    );
    expect(clocks.opt_out?.dueOn).toBe("2026-12-14");
    expect(clocks.opt_out?.basis).toContain("US-CA");
    expect(clocks.acknowledge).toBeUndefined();
    expect(deadlines.respondBy).toBe("2026-12-14");
  });

  it("owes the California acknowledgement for other kinds", () => {
    expect(byName(clocksOf("access", "other").clocks).acknowledge).toBe("2026-12-07");
  });
});

describe("rule versions", () => {
  it("a law not yet in force sets no statutory clock", () => {
    const deadlines = clocksOf("access", "US-IN", new Date("2025-12-15T15:00:00Z"));
    expect(deadlines.clocks.map((clock) => clock.name)).toEqual(["company_promise"]);
    expect(deadlines.respondBy).toBe("2026-01-14");
  });

  it("an amendment is a new row that governs from its effective date", () => {
    expect(rulesInEffect("US-CT", "2024-09-30")?.effectiveFrom).toBe("2023-07-01");
    expect(rulesInEffect("US-CT", "2026-06-30")?.effectiveFrom).toBe("2024-10-01");
    expect(rulesInEffect("US-CT", "2026-07-01")?.law).toContain("SB 1295");
    expect(rulesInEffect("US-CT", "2023-06-30")).toBeUndefined();
  });

  it("every US state and Europe has a row, and every value carries a citation", () => {
    const covered = new Set(rulesTable.map((row) => row.jurisdiction));
    expect([...covered].sort()).toEqual([...usStates, "EU", "GB"].sort());
    for (const row of rulesTable) {
      const facts = [...Object.values(row.rights), ...Object.values(row.clocks)];
      for (const fact of facts) {
        expect(fact.cite.length, `${row.jurisdiction} ${JSON.stringify(fact)}`).toBeGreaterThan(3);
        expect(typeof fact.confirmed).toBe("boolean");
      }
    }
  });
});
