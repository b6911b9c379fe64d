/** Failures a caller can act on. They say nothing of HTTP; `src/http/problem.ts` maps codes to statuses. */
export type DomainErrorCode =
  | "not_found"
  | "conflict"
  | "invalid_transition"
  | "forbidden"
  | "unauthorized"
  | "rate_limited"
  | "validation"
  | "malformed"
  | "unsupported_media_type";

export interface FieldIssue {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** Too many attempts: a 429, with how long to wait before the next. */
export class RateLimited extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", `Too many attempts; try again in ${retryAfterSeconds} seconds.`);
  }
}

/** A change made on a version of the request someone else has changed since: a 409 that the desk explains. */
export class StaleVersion extends DomainError {
  constructor(readonly currentVersion: number) {
    super("conflict", "The request changed since you loaded it; reload and try again.");
  }
}
