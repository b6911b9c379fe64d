import { describe, expect, it } from "vitest";
import { computeDeadlines } from "../../src/domain/deadlines.js";
import { rulesInEffect } from "../../src/domain/jurisdictions/index.js";
import { lawGrants, ungrantedRight } from "../../src/domain/rights.js";
import { workOfInstruction } from "../../src/domain/routing.js";
import { verificationNeeded } from "../../src/domain/verification.js";
import type { Jurisdiction, RequestKind } from "../../src/domain/vocabulary.js";

const onDate = "2026-11-20";
const row = (jurisdiction: Exclude<Jurisdiction, "other">, date = onDate) => {
  const found = rulesInEffect(jurisdiction, date);
  if (!found) throw new Error(`no row for ${jurisdiction}`);
  return found;
};
const refusal = (kind: RequestKind, jurisdiction: Jurisdiction, receivedOn = onDate) =>
  ungrantedRight({ kind, jurisdiction, receivedOn }, "where_required");

describe("the rights few laws grant", () => {
  it("are granted where the statutes say, and not elsewhere", () => {
    expect(lawGrants(row("US-OR"), "third_party_list")).toBe(true);
    expect(lawGrants(row("US-MN"), "third_party_list")).toBe(true);
    // Delaware and Maryland give the categories of third parties: still a request they grant.
    expect(row("US-DE").rights.thirdPartyList.value).toBe("categories_only");
    expect(lawGrants(row("US-DE"), "third_party_list")).toBe(true);
    expect(lawGrants(row("US-CA"), "third_party_list")).toBe(false);
    expect(lawGrants(row("US-MN"), "question_profiling")).toBe(true);
    expect(lawGrants(row("US-VA"), "question_profiling")).toBe(false);
    for (const kind of ["restriction", "objection"] as const) {
      expect(lawGrants(row("EU"), kind)).toBe(true);
      expect(lawGrants(row("GB"), kind)).toBe(true);
      expect(lawGrants(row("US-CA"), kind)).toBe(false);
      expect(lawGrants(row("US-TX"), kind)).toBe(false);
    }
    // Every law here grants the other kinds in some form; the policy answers them everywhere.
    expect(lawGrants(row("US-UT"), "correction")).toBe(true);
  });

  it("come to Connecticut's profiling with SB 1295, on 2026-07-01", () => {
    expect(refusal("question_profiling", "US-CT", "2026-06-30")).toContain("The law of Connecticut does not give");
    expect(refusal("question_profiling", "US-CT", "2026-07-01")).toBeUndefined();
  });

  it("are refused, as the law requires, with the places whose law gives them", () => {
    expect(refusal("third_party_list", "US-CA")).toBe(
      "The law of California does not give this right, and we answer it only where the law does: Oregon, " +
        "Delaware, Minnesota, Maryland.",
    );
    expect(refusal("objection", "US-VA")).toContain(": European Union, United Kingdom.");
    expect(refusal("restriction", "other")).toMatch(/^No law we know of where you live does not give/);
    expect(refusal("third_party_list", "US-OR")).toBeUndefined();
    expect(refusal("access", "other")).toBeUndefined();
  });

  it("are answered everywhere when the company honours them everywhere", () => {
    expect(ungrantedRight({ kind: "objection", jurisdiction: "US-VA", receivedOn: onDate }, "everywhere")).toBe(
      undefined,
    );
  });
});

describe("their clocks and verification", () => {
  const policy = { timeZone: "America/New_York", responsePromiseDays: 30 };
  const receivedAt = new Date("2026-11-20T15:00:00Z");
  const names = (kind: RequestKind, jurisdiction: Jurisdiction) =>
    computeDeadlines({ kind, jurisdiction, receivedAt }, policy).clocks.map((clock) => clock.name);

  it("run the law's clocks where it grants the right, and only the company's promise where it does not", () => {
    expect(names("restriction", "EU")).toEqual(["company_promise", "statutory_response", "extension_limit"]);
    expect(names("third_party_list", "US-MN")).toEqual(["company_promise", "statutory_response", "extension_limit"]);
    expect(names("objection", "US-UT")).toEqual(["company_promise"]);
    expect(names("third_party_list", "US-CA")).toEqual(["company_promise"]);
  });

  it("ask for the proof each needs", () => {
    const need = (kind: RequestKind, jurisdiction: Jurisdiction) =>
      verificationNeeded({ kind, jurisdiction, receivedOn: onDate });
    expect(need("objection", "EU").level).toBe("none");
    expect(need("restriction", "EU")).toMatchObject({ level: "basic", dataPoints: 2, declaration: false });
    expect(need("third_party_list", "US-OR").level).toBe("email");
    expect(need("question_profiling", "US-MN").level).toBe("basic");
    expect(need("question_profiling", "US-MN").basis).toContain("the data it used");
  });
});

describe("a controller's instruction about them", () => {
  it("keeps what was asked: an export is the list or the profiling's data, a stop is the restriction or objection", () => {
    expect(workOfInstruction("export", "third_party_list")).toBe("third_party_list");
    expect(workOfInstruction("export", "question_profiling")).toBe("question_profiling");
    expect(workOfInstruction("export", "deletion")).toBe("access");
    expect(workOfInstruction("opt_out", "restriction")).toBe("restriction");
    expect(workOfInstruction("opt_out", "objection")).toBe("objection");
    expect(workOfInstruction("opt_out", "access")).toBe("opt_out");
  });
});
