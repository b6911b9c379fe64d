/** Whether an error (or one it wraps) is PostgreSQL's unique violation (23505) of the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let cause: unknown = error; cause instanceof Object; cause = (cause as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint: name } = cause as Record<string, unknown>;
    if (code === "23505" && (constraint_name === constraint || name === constraint)) return true;
  }
  return false;
}
