/** Whether an error (or one it wraps) is PostgreSQL's unique violation (23505) of the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let cause: unknown = error; cause instanceof Object; cause = (cause as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint: name } = cause as Record<string, unknown>;
    if (code === "23505" && (constraint_name === constraint || name === constraint)) return true;
  }
  return false;
}

/** Errors that mean the database cannot be reached now, rather than that a statement was wrong. */
const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin shutdown
  "57P02", // crash shutdown
  "57P03", // cannot connect now (starting up, shutting down)
  "53300", // too many connections
  "57014", // query canceled: a statement past its timeout, the database too slow just now
  "25P03", // idle-in-transaction timeout
]);

/** Whether an error (or one it wraps) says the database is down or unreachable: worth a 503 and a retry. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Object; cause = (cause as { cause?: unknown }).cause) {
    const { code } = cause as { code?: unknown };
    if (typeof code === "string" && (unavailableCodes.has(code) || code.startsWith("08"))) return true;
  }
  return false;
}
