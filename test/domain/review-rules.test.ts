import { describe, expect, it } from "vitest";
import { appealClock, appealWindowCloses } from "../../src/domain/appeals.js";
import { isDayOver } from "../../src/domain/calendar.js";
import { computeDeadlines } from "../../src/domain/deadlines.js";
import { groundWarnings } from "../../src/domain/denial-grounds.js";
import type { DomainError } from "../../src/domain/errors.js";
import { planExtension } from "../../src/domain/extension.js";
import { rulesInEffect } from "../../src/domain/jurisdictions/index.js";
import { type Jurisdiction, jurisdictions, type RequestKind } from "../../src/domain/vocabulary.js";
import { csvLine } from "../../src/modules/audit/export-audit-trail.js";

const policy = { timeZone: "America/New_York", responsePromiseDays: 30 };

function openRequest(jurisdiction: Jurisdiction, kind: RequestKind = "deletion", receivedAt = "2026-11-20T15:00:00Z") {
  const deadlines = computeDeadlines({ kind, jurisdiction, receivedAt: new Date(receivedAt) }, policy);
  return {
    jurisdiction,
    respondBy: deadlines.respondBy,
    extensionNoticeBy: deadlines.extensionNoticeBy ?? null,
    clocks: deadlines.clocks,
    extendedAt: null,
  };
}

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as DomainError;
  }
  throw new Error("expected a refusal");
};

describe("planExtension", () => {
  it("extends to the rules' limit by default: 45+45 days in VA, 1+2 months under the GDPR", () => {
    expect(planExtension(openRequest("US-VA"), "2026-11-25")).toMatchObject({
      newRespondBy: "2027-02-18",
      basis: expect.stringMatching(/^US-VA: 45 calendar days plus an extension of 45 calendar days/),
    });
    expect(planExtension(openRequest("EU"), "2026-11-25").newRespondBy).toBe("2027-02-20");
  });

  it("warns when the new date passes the company's 30-day promise", () => {
    expect(planExtension(openRequest("US-VA"), "2026-11-25").warnings).toEqual([
      expect.stringMatching(/past the company's promise to answer by 2026-12-20/),
    ]);
  });

  it("takes an earlier date the reviewer chooses, but not one past the limit or before the current deadline", () => {
    const request = openRequest("US-VA");
    expect(planExtension(request, "2026-11-25", "2027-01-15").newRespondBy).toBe("2027-01-15");
    expect(refusal(() => planExtension(request, "2026-11-25", "2027-02-19")).issues[0]?.field).toBe("until");
    expect(refusal(() => planExtension(request, "2026-11-25", request.respondBy)).code).toBe("validation");
  });

  it("is allowed up to and including the original deadline, never after", () => {
    const request = openRequest("US-VA");
    expect(() => planExtension(request, request.respondBy)).not.toThrow();
    expect(refusal(() => planExtension(request, "2026-12-21")).code).toBe("invalid_transition");
  });

  it("happens once, and never for opt-out clocks", () => {
    expect(
      refusal(() => planExtension({ ...openRequest("US-VA"), extendedAt: new Date() }, "2026-11-25")).message,
    ).toMatch(/already extended/);
    expect(refusal(() => planExtension(openRequest("US-CA", "opt_out"), "2026-11-25")).message).toMatch(/opt-out/);
  });
});

describe("appeal clocks", () => {
  const appealedAt = new Date("2026-12-01T15:00:00Z");
  it.each([
    ["US-VA", "2027-01-30", /^US-VA: 60 calendar days/],
    ["US-CO", "2027-01-15", /^US-CO: 45 calendar days/],
    ["US-CA", "2027-01-15", /the company's default/],
    ["US-UT", "2027-01-15", /the company's default/],
    ["GB", "2027-01-15", /the company's default/],
    ["other", "2027-01-15", /45 calendar days/],
  ] as const)("%s: answered by %s", (jurisdiction, dueOn, basis) => {
    expect(appealClock(jurisdiction, "2026-11-20", appealedAt, policy.timeZone)).toEqual({
      dueOn,
      basis: expect.stringMatching(basis),
    });
  });

  it("closes the window to appeal the company's number of days after the decision, in the business's time zone", () => {
    // 02:00 UTC on 1 December is still 30 November in New York.
    expect(appealWindowCloses(new Date("2026-12-01T02:00:00Z"), policy.timeZone, 60)).toBe("2027-01-29");
  });
});

describe("isDayOver", () => {
  it("counts the day in the business's time zone", () => {
    // 03:00 UTC on 21 November is still 20 November in New York.
    expect(isDayOver("2026-11-20", new Date("2026-11-21T03:00:00Z"), "America/New_York")).toBe(false);
    expect(isDayOver("2026-11-20", new Date("2026-11-21T06:00:00Z"), "America/New_York")).toBe(true);
  });
});

describe("denial grounds and regulators", () => {
  const today = "2026-11-20";
  const rulesOf = (jurisdiction: Exclude<Jurisdiction, "other">) => rulesInEffect(jurisdiction, today);

  it("warns that disproportionate effort may not hold outside CA, the EU and the UK, and where the law is unknown", () => {
    expect(groundWarnings("disproportionate_effort", rulesOf("US-CA"))).toEqual([]);
    expect(groundWarnings("disproportionate_effort", rulesOf("GB"))).toEqual([]);
    expect(groundWarnings("disproportionate_effort", rulesOf("US-TX"))).toEqual([
      expect.stringMatching(
        /no clear statutory basis in Texas \(Tex\. Bus\. & Com\. Code §541\.051 names no such ground\)/,
      ),
    ]);
    expect(groundWarnings("disproportionate_effort", undefined)).toHaveLength(1);
    expect(groundWarnings("legal_matters", rulesOf("US-TX"))).toEqual([]);
  });

  it("has a regulator for every jurisdiction, named in a first refusal only under the GDPR", () => {
    const ruled = jurisdictions.filter((j): j is Exclude<Jurisdiction, "other"> => j !== "other");
    for (const jurisdiction of ruled) expect(rulesOf(jurisdiction)?.regulator.value.url).toMatch(/^https:\/\//);
    expect(ruled.filter((j) => rulesOf(j)?.refusalNamesRegulator.value)).toEqual(["EU", "GB"]);
  });
});

describe("audit CSV", () => {
  it("quotes what needs quoting and defuses cells a spreadsheet would run as formulas", () => {
    const line = csvLine({
      id: 1,
      trail: "general",
      at: new Date("2026-11-20T15:00:00Z"),
      requestId: null,
      trackingNumber: null,
      subjectType: "subject_records",
      subjectId: "=cmd|' /C calc'!A0",
      actorType: "staff",
      actorId: null,
      actorRole: "admin",
      action: "subject_records_imported",
      fromStatus: null,
      toStatus: null,
      rulesVersion: null,
      data: { note: 'said "hi", then left' },
      hash: "ab12",
    });
    expect(line).toBe(
      `1,general,2026-11-20T15:00:00.000Z,,,subject_records,'=cmd|' /C calc'!A0,staff,,admin,subject_records_imported,,,,"{""note"":""said \\""hi\\"", then left""}",ab12\r\n`,
    );
  });
});
