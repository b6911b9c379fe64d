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
