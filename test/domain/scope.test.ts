import { describe, expect, it } from "vitest";
import { decideScope, emailDomainOf } from "../../src/domain/scope.js";

describe("the scope of a request", () => {
  it("is ours alone when no controller's keys match", () => {
    expect(decideScope([], false)).toMatchObject({ ours: true, controllers: [] });
    expect(decideScope([{ controllerId: "acme", matchedBy: [] }], true)).toMatchObject({ ours: true, controllers: [] });
  });

  it("is each matching controller's, and ours too only when we also know the subject in our own right", () => {
    const matches = [
      { controllerId: "globex", matchedBy: ["email_domain" as const] },
      { controllerId: "acme", matchedBy: ["account_id" as const, "subject" as const] },
    ];
    const held = decideScope(matches, false);
    expect(held).toEqual({
      ours: false,
      controllers: [
        { controllerId: "acme", matchedBy: ["account_id", "subject"] },
        { controllerId: "globex", matchedBy: ["email_domain"] },
      ],
      basis: "Held only for business customers: acme (by account_id, subject); globex (by email_domain).",
    });
    expect(decideScope(matches, true)).toMatchObject({ ours: true, controllers: held.controllers });
  });

  it("compares workforce domains without case, after the last @", () => {
    expect(emailDomainOf("Jane.Doe@Acme.Example")).toBe("acme.example");
    expect(emailDomainOf('"odd@name"@globex.example')).toBe("globex.example");
  });
});
