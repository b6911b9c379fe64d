import type { DueClock } from "./deadlines.js";
import { DomainError } from "./errors.js";
import type { Jurisdiction } from "./vocabulary.js";

export interface ExtendableRequest {
  jurisdiction: Jurisdiction;
  respondBy: string;
  /** The original statutory deadline; absent where the rules allow no extension. */
  extensionNoticeBy: string | null;
  clocks: DueClock[];
  extendedAt: Date | null;
}

export interface PlannedExtension {
  newRespondBy: string;
  basis: string;
  /** What the reviewer should know before relying on it, for the answer and the audit trail. */
  warnings: string[];
}

/**
 * Checks an extension against the rules: one extension, only where the law allows one, announced no later than the
 * original deadline (the statutes and GDPR Art. 12(3) require notice within the first period), and never past the
 * extension limit. `until` defaults to that limit. All dates are ISO calendar dates in the business's time zone.
 */
export function planExtension(request: ExtendableRequest, today: string, until?: string): PlannedExtension {
  const limit = request.clocks.find((clock) => clock.name === "extension_limit");
  if (!limit || !request.extensionNoticeBy) {
    throw new DomainError("invalid_transition", `The rules for ${request.jurisdiction} allow no extension.`);
  }
  // Opt-out and limit clocks (CA 15 business days) have no extension; the extension is of the response clock.
  if (request.clocks.some((clock) => clock.name === "opt_out" || clock.name === "limit_sensitive")) {
    throw new DomainError("invalid_transition", "An opt-out or limit request's clock cannot be extended.");
  }
  if (request.extendedAt) throw new DomainError("invalid_transition", "This request was already extended once.");
  const lastNoticeDay = request.respondBy < request.extensionNoticeBy ? request.respondBy : request.extensionNoticeBy;
  if (today > lastNoticeDay) {
    throw new DomainError(
      "invalid_transition",
      `An extension must be announced by ${lastNoticeDay}, the original deadline; it is too late now.`,
    );
  }
  const newRespondBy = until ?? limit.dueOn;
  if (newRespondBy <= request.respondBy || newRespondBy > limit.dueOn) {
    throw new DomainError("validation", "The new deadline is outside what the rules allow.", [
      { field: "until", message: `must be after ${request.respondBy} and no later than ${limit.dueOn}` },
    ]);
  }
  // The company's 30-day promise leaves an extension little use unless its policy is read as allowing one.
  const promise = request.clocks.find((clock) => clock.name === "company_promise");
  const warnings =
    promise && newRespondBy > promise.dueOn
      ? [`This goes past the company's promise to answer by ${promise.dueOn}; the privacy policy must allow it.`]
      : [];
  return { newRespondBy, basis: limit.basis, warnings };
}
