import { describe, expect, it } from "vitest";
import { checkRepresentation } from "../../src/domain/representation.js";
import {
  dataPointsTouchedBy,
  declarationText,
  matchingDataPoints,
  normalizeDataPoint,
  unverifiedCloseDays,
  unverifiedCloseFloors,
  verificationNeeded,
} from "../../src/domain/verification.js";

describe("verification level by kind, scope and jurisdiction", () => {
  it.each([
    ["opt_out", "US-CA", undefined, "none", 0, false],
    ["limit_sensitive", "US-CA", undefined, "none", 0, false],
    ["opt_out", "EU", undefined, "none", 0, false],
    ["access", "US-CA", "categories", "basic", 2, false],
    ["access", "other", "categories", "basic", 2, false],
    ["access", "US-VA", "categories", "email", 0, false],
    ["access", "US-CA", "specific_pieces", "high", 3, true],
    ["access", "US-TX", undefined, "high", 3, true],
    ["portability", "GB", undefined, "high", 3, true],
    ["deletion", "US-CO", undefined, "basic", 2, false],
    ["correction", "US-CA", undefined, "basic", 2, false],
    ["opt_in", "US-CA", undefined, "email", 0, false],
    ["opt_in", "EU", undefined, "email", 0, false],
  ] as const)("%s in %s (%s) needs %s", (kind, jurisdiction, accessScope, level, dataPoints, declaration) => {
    const need = verificationNeeded({ kind, jurisdiction, accessScope, receivedOn: "2026-11-20" });
    expect(need).toMatchObject({ level, dataPoints, declaration });
    expect(need.basis.length).toBeGreaterThan(20);
  });
});

describe("the basis of a verification level cites the law of the request", () => {
  const basisOf = (kind: "deletion" | "correction" | "access", jurisdiction: "US-CA" | "US-VA" | "EU" | "other") =>
    verificationNeeded({ kind, jurisdiction, receivedOn: "2026-11-20" }).basis;

  it("California's regulation in California and where the residence is unknown", () => {
    expect(basisOf("deletion", "US-CA")).toBe("California: a deletion needs 2 data points (11 CCR §7062(d))");
    expect(basisOf("deletion", "other")).toMatch(/^Residence unknown, strictest rule applies: .*11 CCR §7062\(d\)/);
  });

  it("California's two-step opt-in for an opt-in after an opt-out", () => {
    expect(verificationNeeded({ kind: "opt_in", jurisdiction: "US-CA", receivedOn: "2026-11-20" }).basis).toBe(
      "California: an opt-in after an opt-out is confirmed in a second, separate step, from the e-mail address " +
        "(11 CCR §7028(a))",
    );
  });

  it("Virginia's commercially reasonable standard for a Virginia deletion, not 11 CCR", () => {
    const basis = basisOf("deletion", "US-VA");
    expect(basis).toMatch(/^Virginia: .*commercially reasonable authentication \(Va\. Code §59\.1-577\)$/);
    expect(basis).not.toContain("CCR");
  });

  it("the GDPR's Art. 12(6) for an EU correction", () => {
    const basis = basisOf("correction", "EU");
    expect(basis).toMatch(/^European Union: a correction needs 2 data points other than those being corrected/);
    expect(basis).toContain("GDPR Art. 11(2), 12(6)");
    expect(basis).not.toContain("CCR");
  });
});

describe("data points", () => {
  it.each([
    ["phone", "+1 (415) 555-0100", "4155550100"],
    ["phone", "415.555.0100", "4155550100"],
    ["phone", "+44 20 7946 0958", "442079460958"],
    ["postal_code", "94105-1234", "94105"],
    ["postal_code", "sw1a 1aa", "SW1A1AA"],
    ["card_last4", "**** 4242", "4242"],
    ["date_of_birth", "7/4/1990", "1990-07-04"],
    ["date_of_birth", "1990-07-04", "1990-07-04"],
    ["account_id", " AbC-123 ", "abc-123"],
  ] as const)("%s %s reads as %s", (kind, value, expected) => {
    expect(normalizeDataPoint(kind, value)).toBe(expected);
  });

  const records = [
    { phone: "415-555-0100", postal_code: "94105" },
    { date_of_birth: "1990-07-04", card_last4: "4242" },
  ];

  it("counts the kinds that match any record held, however they are written", () => {
    expect(
      matchingDataPoints({ phone: "(415) 555 0100", postal_code: "94105-0001", date_of_birth: "7/4/1990" }, records),
    ).toEqual(["phone", "postal_code", "date_of_birth"]);
  });

  it("does not count wrong, empty or excluded answers, nor answers about data we do not hold", () => {
    expect(matchingDataPoints({ phone: "4155550199", account_id: "x" }, records)).toEqual([]);
    expect(matchingDataPoints({ phone: "", card_last4: "" }, [{ phone: "" }])).toEqual([]);
    expect(matchingDataPoints({ phone: "4155550100", card_last4: "4242" }, records, ["phone"])).toEqual(["card_last4"]);
    expect(matchingDataPoints({ phone: "4155550100" }, [])).toEqual([]);
  });

  it("leaves out the data a correction would change", () => {
    expect(
      dataPointsTouchedBy([{ field: "Mobile phone" }, { field: "home address" }, { field: "Date of birth" }]).sort(),
    ).toEqual(["date_of_birth", "phone", "postal_code"]);
    expect(dataPointsTouchedBy([{ field: "name" }])).toEqual([]);
  });
});

describe("who may act for a subject", () => {
  const base = { kind: "access" as const, receivedOn: "2026-11-20" };

  it("requires a parent for a child under 13", () => {
    const check = checkRepresentation({ ...base, jurisdiction: "US-CA", ageBand: "under_13", submitterRole: "self" });
    expect(check.issues.map((issue) => issue.field)).toEqual(["submittedBy.role"]);
    const parent = checkRepresentation({
      ...base,
      jurisdiction: "US-CA",
      ageBand: "under_13",
      submitterRole: "parent",
    });
    expect(parent.issues).toEqual([]);
    expect(parent.flags).toEqual(["parent", "minor", "minor_consent_required"]);
  });

  it("follows each jurisdiction's rule for authorized agents", () => {
    const agent = (jurisdiction: "US-CA" | "US-CO" | "US-VA" | "other", kind: "access" | "opt_out") =>
      checkRepresentation({ ...base, kind, jurisdiction, submitterRole: "authorized_agent" }).issues;
    expect(agent("US-CA", "access")).toEqual([]);
    expect(agent("US-CO", "opt_out")).toEqual([]);
    expect(agent("US-CO", "access")[0]?.message).toBe(
      "Colorado's law obliges us to take an authorized agent's request only to opt out (C.R.S. §6-1-1306(1)(a)(II)), " +
        "and our policy is to take the others from the consumer, a parent or guardian for a child, or an agent " +
        "holding a power of attorney",
    );
    expect(agent("US-VA", "opt_out")[0]?.message).toMatch(
      /^Virginia's law does not oblige us to take requests from authorized agents \(Va\. Code §59\.1-577\)/,
    );
    expect(agent("other", "access")).toEqual([]);
  });

  it("always takes a power of attorney, and takes every agent where the company's policy says so", () => {
    const filing = { ...base, jurisdiction: "US-VA" as const, submitterRole: "authorized_agent" as const };
    expect(checkRepresentation({ ...filing, agentAuthority: "power_of_attorney" }).issues).toEqual([]);
    expect(checkRepresentation({ ...filing, agentAuthority: "signed_permission" }).issues).toHaveLength(1);
    expect(checkRepresentation({ ...filing, agentAuthority: "signed_permission" }, "everywhere").issues).toEqual([]);
  });

  const flags = (
    jurisdiction: "US-CA" | "US-NJ" | "US-TX" | "US-CT" | "US-CO" | "US-MT" | "US-OR",
    ageBand: "13_15" | "16_17",
    receivedOn = "2026-11-20",
  ) => checkRepresentation({ ...base, jurisdiction, ageBand, submitterRole: "self", receivedOn }).flags;

  it("flags minors whose data needs opt-in consent, by the age the jurisdiction sets", () => {
    expect(flags("US-CA", "13_15")).toContain("minor_consent_required");
    expect(flags("US-CA", "16_17")).not.toContain("minor_consent_required");
    expect(flags("US-NJ", "16_17")).toContain("minor_consent_required");
    expect(flags("US-TX", "13_15")).toEqual(["minor"]);
  });

  it("follows the minors' rules as amended, each from its date", () => {
    // Connecticut: 13-15 at first, under 18 from 2024-10-01 (SB 3), a ban under 18 from 2026-07-01 (SB 1295).
    expect(flags("US-CT", "16_17", "2024-09-30")).toEqual(["minor"]);
    expect(flags("US-CT", "16_17", "2024-10-01")).toContain("minor_consent_required");
    expect(flags("US-CT", "16_17", "2026-07-01")).toEqual(["minor", "minor_sale_banned"]);
    // Colorado (SB 24-041) and Montana (SB 297): consent under 18 from 2025-10-01.
    for (const state of ["US-CO", "US-MT"] as const) {
      expect(flags(state, "16_17", "2025-09-30"), state).toEqual(["minor"]);
      expect(flags(state, "16_17", "2025-10-01"), state).toEqual(["minor", "minor_consent_required"]);
    }
    // Oregon: consent for 13-15, then from 2026-01-01 no sale, targeted ads or profiling of under-16s at all.
    expect(flags("US-OR", "13_15", "2025-12-31")).toEqual(["minor", "minor_consent_required"]);
    expect(flags("US-OR", "13_15", "2026-01-01")).toEqual(["minor", "minor_sale_banned"]);
    expect(flags("US-OR", "16_17", "2026-01-01")).toEqual(["minor"]);
  });
});

describe("the declaration is worded for the law of the request", () => {
  it("California's perjury declaration for California, a plain statement for the EU and the UK", () => {
    expect(declarationText("US-CA", false)).toContain(
      "under penalty of perjury under the laws of the State of California",
    );
    expect(declarationText("US-VA", false)).toMatch(/^I declare under penalty of perjury that I am/);
    for (const jurisdiction of ["EU", "GB"] as const) {
      const plain = declarationText(jurisdiction, false);
      expect(plain).toBe(
        "I confirm that I am the person whose personal information is the subject of this request, and that what I have given is true.",
      );
      expect(plain).not.toMatch(/perjury|California/);
      expect(declarationText(jurisdiction, false, "es")).not.toMatch(/perjurio|California/);
    }
  });

  it("asks only proportionate checks in the EU and the UK, with the GDPR as the basis", () => {
    const need = verificationNeeded({ kind: "access", jurisdiction: "GB", receivedOn: "2026-11-20" });
    expect(need.basis).toContain("a proportionate check where identity is in reasonable doubt");
    expect(need.basis).not.toContain("CCR");
  });
});

describe("how long an unverified request stays open", () => {
  it("the company's days, but never before California's 45-day period ends, nor for an unknown residence", () => {
    expect(unverifiedCloseDays("US-VA", "2026-11-20", 14)).toBe(14);
    expect(unverifiedCloseDays("US-CA", "2026-11-20", 14)).toBe(45);
    expect(unverifiedCloseDays("other", "2026-11-20", 14)).toBe(45);
    expect(unverifiedCloseDays("US-CA", "2026-11-20", 60)).toBe(60);
    expect(unverifiedCloseFloors(14)).toEqual([
      { jurisdiction: "US-CA", days: 45 },
      { jurisdiction: "other", days: 45 },
    ]);
    expect(unverifiedCloseFloors(50)).toEqual([]);
  });
});
