import type { IntakeInput } from "../../src/modules/intake/schemas.js";

let counter = 0;

/** A valid intake body; each call gets its own subject e-mail. */
export function intakeBody(overrides: Partial<IntakeInput> = {}): IntakeInput {
  counter += 1;
  return {
    kind: "access",
    subject: { name: "Jane Doe", email: `jane.doe+${counter}@example.com` },
    jurisdiction: "US-CA",
    ...overrides,
  };
}
