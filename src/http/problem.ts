import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { isDatabaseUnavailable } from "../db/errors.js";
import { DomainError, type DomainErrorCode, type FieldIssue, RateLimited } from "../domain/errors.js";
import { describeError } from "../log-safe-error.js";
import type { AppEnv } from "./router.js";

/** RFC 9457 problem details, with the fields at fault when the input was wrong. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldIssue[];
}

const statusByCode: Record<DomainErrorCode, ContentfulStatusCode> = {
  validation: 422,
  malformed: 400,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  forbidden: 403,
  unauthorized: 401,
  rate_limited: 429,
  unsupported_media_type: 415,
};

/** The HTTP status of a domain error, for pages that answer it in HTML. */
export const statusOfError = (code: DomainErrorCode): ContentfulStatusCode => statusByCode[code];

const titles: Record<number, string> = {
  400: "Malformed request",
  401: "Not authenticated",
  403: "Not allowed",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Request body too large",
  415: "Unsupported media type",
  422: "Invalid request",
  429: "Too many requests",
  500: "Internal error",
  503: "Service unavailable",
};

export function problem(c: Context, status: ContentfulStatusCode, detail?: string, errors?: FieldIssue[]): Response {
  const body: Problem = {
    type: "about:blank",
    title: titles[status] ?? "Error",
    status,
    ...(detail ? { detail } : {}),
    ...(errors?.length ? { errors } : {}),
  };
  return c.body(JSON.stringify(body), status, { "Content-Type": "application/problem+json" });
}

/** One entry per field at fault, named by its dotted path; an unknown key is named itself. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ field: [...path, key].join("."), message: "is not a known field" }));
    }
    return [{ field: path.join(".") || "(body)", message: issue.message }];
  });
}

/** How long a client should wait before trying again while the database is away. */
const retryAfterSeconds = 5;

/** The answer while the database cannot be reached: try again shortly. Nothing was changed. */
export function unavailable(c: Context): Response {
  c.header("Retry-After", String(retryAfterSeconds));
  return problem(c, 503, "The service cannot reach its database just now; try again in a few seconds.");
}

/**
 * The one place an error becomes an HTTP answer. A database that cannot be reached is a 503 to retry; anything else
 * unexpected is logged by id and answered with a bare 500.
 */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof RateLimited) c.header("Retry-After", String(error.retryAfterSeconds));
  if (error instanceof DomainError) return problem(c, statusByCode[error.code], error.message, error.issues);
  if (isDatabaseUnavailable(error)) {
    c.get("log").warn({ route: c.req.routePath, ...describeError(error) }, "database unavailable");
    return unavailable(c);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return problem(c, error.status as ContentfulStatusCode, error.message);
  }
  const incident = crypto.randomUUID();
  // The route's pattern, not its path: a path can hold a verification token.
  c.get("log").error({ incident, route: c.req.routePath, ...describeError(error) }, "request failed");
  return problem(c, 500, `Something went wrong on our side (incident ${incident}).`);
}
