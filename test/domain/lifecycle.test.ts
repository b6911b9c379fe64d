import { describe, expect, it } from "vitest";
import { DomainError } from "../../src/domain/errors.js";
import { assertMove, requestStatuses } from "../../src/domain/lifecycle.js";

// Written out by hand from the design, so a change to the state machine has to change this list too.
const legalMoves = new Set([
  "received>verifying",
  "received>in_review",
  "received>awaiting_controller",
  "received>fulfilling",
  "received>denied",
  "received>withdrawn",
  "received>duplicate",
  "verifying>in_review",
  "verifying>denied",
  "verifying>withdrawn",
  "verifying>duplicate",
  "in_review>awaiting_controller",
  "in_review>fulfilling",
  "in_review>denied",
  "in_review>withdrawn",
  "in_review>duplicate",
  "awaiting_controller>in_review",
  "awaiting_controller>fulfilling",
  "awaiting_controller>completed",
  "awaiting_controller>denied",
  "awaiting_controller>withdrawn",
  "awaiting_controller>duplicate",
  "fulfilling>completed",
  "completed>appeal_received",
  "denied>appeal_received",
  "appeal_received>appeal_decided",
  "appeal_decided>fulfilling",
]);

const everyPair = requestStatuses.flatMap((from) => requestStatuses.map((to) => [from, to] as const));

describe("request lifecycle", () => {
  it.each(everyPair.filter(([from, to]) => legalMoves.has(`${from}>${to}`)))("%s -> %s is allowed", (from, to) => {
    expect(() => assertMove(from, to)).not.toThrow();
  });

  it.each(everyPair.filter(([from, to]) => !legalMoves.has(`${from}>${to}`)))("%s -> %s is refused", (from, to) => {
    expect(() => assertMove(from, to)).toThrowError(DomainError);
    try {
      assertMove(from, to);
    } catch (error) {
      expect((error as DomainError).code).toBe("invalid_transition");
    }
  });

  it("withdrawn and duplicate are final", () => {
    for (const to of requestStatuses) expect(() => assertMove("withdrawn", to)).toThrow();
    for (const to of requestStatuses) expect(() => assertMove("duplicate", to)).toThrow();
  });
});
