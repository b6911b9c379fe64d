import { expect } from "vitest";
import type { Jurisdiction } from "../../src/domain/vocabulary.js";
import { intakeBody } from "./factories.js";
import { type Harness, json } from "./harness.js";
import type { StaffMember } from "./staff.js";

/** An opt-out filed in the jurisdiction and refused by `decider` at the harness's clock, with its requester's address. */
export async function refusedOptOut(h: Harness, decider: StaffMember, jurisdiction: Jurisdiction) {
  const body = intakeBody({ jurisdiction });
  const request = await json(await h.post("/v1/requests", body));
  const denied = await decider.act(request.id, "deny", {
    version: 1,
    ground: "legal_matters",
    explanation: "Your data is under a litigation hold until the case ends.",
  });
  expect(denied.status).toBe(200);
  return { ...request, email: body.subject.email as string, version: denied.body.version as number };
}
