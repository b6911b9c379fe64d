import type { IntakeInput } from "../../src/modules/intake/schemas.js";

let counter = 0;

/**
 * A valid intake body; each call gets its own subject e-mail. By default an opt-out, which needs no verification,
 * so it owes exactly one e-mail (the acknowledgement); pass `kind` for another.
 */
export function intakeBody(overrides: Partial<IntakeInput> = {}): IntakeInput {
  counter += 1;
  const kind = overrides.kind ?? "opt_out";
  return {
    kind,
    subject: { name: "Jane Doe", email: `jane.doe+${counter}@example.com` },
    jurisdiction: "US-CA",
    ...(kind === "opt_out" ? { optOutScopes: ["sale"] } : {}),
    ...overrides,
  };
}
