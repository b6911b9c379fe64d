import { describe, expect, it } from "vitest";
import { rulesInEffect } from "../../src/domain/jurisdictions/index.js";
import { recourseOfAppealDecision, recourseOfRefusal } from "../../src/domain/recourse.js";
import type { RuledJurisdiction } from "../../src/domain/vocabulary.js";

const rulesOf = (jurisdiction: RuledJurisdiction) => rulesInEffect(jurisdiction, "2026-11-20");
const provider = { name: "Fair Privacy ADR", url: "https://adr.example/privacy" };

describe("what a refusal says of further recourse", () => {
  it("names the supervisory authority and the courts for the EU and the UK (GDPR Art. 12(4))", () => {
    expect(recourseOfRefusal(rulesOf("EU"), undefined)).toMatchObject({
      regulator: { name: expect.stringContaining("supervisory authority") },
      judicialRemedy: { cite: "GDPR Art. 12(4), 79" },
    });
    expect(recourseOfRefusal(rulesOf("GB"), undefined)).toMatchObject({
      regulator: { name: "the Information Commissioner's Office" },
      judicialRemedy: { cite: expect.stringContaining("UK GDPR Art. 12(4), 79") },
    });
  });

  it("names neither in a US state, whose regulator comes after an appeal, and the company's provider anywhere", () => {
    expect(recourseOfRefusal(rulesOf("US-VA"), undefined)).toEqual({});
    expect(recourseOfRefusal(rulesOf("US-VA"), provider)).toEqual({ disputeResolution: provider });
    expect(recourseOfRefusal(undefined, provider)).toEqual({ disputeResolution: provider });
  });
});

describe("what an appeal's decision says of further recourse", () => {
  it("names the Attorney General of a state when the appeal is not granted, and the provider", () => {
    expect(recourseOfAppealDecision(rulesOf("US-VA"), false, provider)).toEqual({
      regulator: { name: "the Virginia Attorney General", url: expect.any(String) },
      disputeResolution: provider,
    });
    expect(recourseOfAppealDecision(rulesOf("US-VA"), true, provider)).toEqual({});
  });

  it("names Colorado's Attorney General whatever the outcome (C.R.S. §6-1-1306(3)(e))", () => {
    expect(recourseOfAppealDecision(rulesOf("US-CO"), true, provider)).toEqual({
      regulator: { name: "the Colorado Attorney General", url: expect.any(String) },
    });
  });

  it("names the courts beside the authority for a UK appeal not granted", () => {
    expect(recourseOfAppealDecision(rulesOf("GB"), false, undefined)).toMatchObject({
      regulator: { name: "the Information Commissioner's Office" },
      judicialRemedy: { cite: expect.stringContaining("79") },
    });
  });

  it("names Utah's Division of Consumer Protection, which takes Utah's consumer complaints", () => {
    expect(recourseOfAppealDecision(rulesOf("US-UT"), false, undefined).regulator?.name).toBe(
      "the Utah Division of Consumer Protection",
    );
  });
});
