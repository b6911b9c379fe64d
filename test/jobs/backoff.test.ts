import { describe, expect, it } from "vitest";
import { backoffMs } from "../../src/jobs/dispatch-outbox.js";

describe("retry backoff", () => {
  it("doubles from one minute, with jitter between half and all of the step", () => {
    expect(backoffMs(1, () => 0)).toBe(30_000);
    expect(backoffMs(1, () => 1)).toBe(60_000);
    expect(backoffMs(2, () => 1)).toBe(120_000);
    expect(backoffMs(5, () => 1)).toBe(16 * 60_000);
  });

  it("is capped at six hours", () => {
    expect(backoffMs(20, () => 1)).toBe(6 * 3_600_000);
    expect(backoffMs(200, () => 0.5)).toBe(4.5 * 3_600_000);
  });
});
