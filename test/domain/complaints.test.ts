import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { complaintClocks } from "../../src/domain/complaints.js";

const day = (iso: string) => Temporal.PlainDate.from(iso);

describe("a complaint's clocks", () => {
  it("acknowledge within the UK's 30 days once its complaints duty is in force, 2026-06-19", () => {
    const before = complaintClocks("GB", day("2026-06-18"), 8);
    const after = complaintClocks("GB", day("2026-06-19"), 8);
    expect(before.acknowledgeBasis).toMatch(/^Company practice: 30 calendar days/);
    expect(after).toMatchObject({
      acknowledgeBy: "2026-07-19",
      acknowledgeBasis: expect.stringMatching(/^GB: 30 calendar days to acknowledge a complaint, DPA 2018 s\.164A/),
    });
  });

  it("answer within the company's code of practice, in weeks from receipt, wherever the complainant lives", () => {
    expect(complaintClocks("US-CA", day("2026-11-20"), 8)).toMatchObject({
      acknowledgeBy: "2026-12-20",
      answerBy: "2027-01-15",
      answerBasis: expect.stringContaining("within 8 weeks"),
    });
    expect(complaintClocks("other", day("2026-11-20"), 4).answerBy).toBe("2026-12-18");
  });
});
