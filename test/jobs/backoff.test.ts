import { describe, expect, it } from "vitest";
import { backoffMs } from "../../src/jobs/dispatch-outbox.js";

describe("retry backoff", () => {
  it("doubles from one minute, with jitter between half and all of the step", () => {
    expect(backoffMs(1, 60_000, () => 0)).toBe(30_000);
    expect(backoffMs(1, 60_000, () => 1)).toBe(60_000);
    expect(backoffMs(2, 60_000, () => 1)).toBe(120_000);
    expect(backoffMs(5, 60_000, () => 1)).toBe(16 * 60_000);
  });

  it("starts from the configured first delay", () => {
    expect(backoffMs(1, 5_000, () => 1)).toBe(5_000);
    expect(backoffMs(3, 5_000, () => 1)).toBe(20_000);
  });

  it("is capped at six hours", () => {
    expect(backoffMs(20, 60_000, () => 1)).toBe(6 * 3_600_000);
    expect(backoffMs(200, 60_000, () => 0.5)).toBe(4.5 * 3_600_000);
  });
});
