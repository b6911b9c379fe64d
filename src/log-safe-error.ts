/**
 * What an unexpected error may say in a log: its kind, its SQLSTATE and where it was thrown. Never its message,
 * which for a failed query holds the statement's parameters, and so the requester's name and address.
 */
export function describeError(error: Error): { error: string; code?: string; stack: string } {
  let code: string | undefined;
  for (let cause: unknown = error; cause instanceof Object && !code; cause = (cause as { cause?: unknown }).cause) {
    const candidate = (cause as { code?: unknown }).code;
    if (typeof candidate === "string") code = candidate;
  }
  const frames = (error.stack ?? "").split("\n").filter((line) => line.trimStart().startsWith("at "));
  return { error: error.name, ...(code ? { code } : {}), stack: frames.join("\n") };
}
