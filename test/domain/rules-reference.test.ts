import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rulesTable } from "../../src/domain/jurisdictions/index.js";
import { rulesReference } from "../../src/domain/jurisdictions/reference.js";

describe("docs/jurisdictions.md", () => {
  it("is the rules table as it stands (if this fails, run `npm run rules:doc` and commit the file)", () => {
    const committed = readFileSync(join(import.meta.dirname, "../../docs/jurisdictions.md"), "utf8");
    expect(committed).toBe(rulesReference(rulesTable));
  });

  it("names every jurisdiction's every version, with sources and confidence", () => {
    const reference = rulesReference(rulesTable);
    for (const rules of rulesTable) {
      expect(reference).toContain(`## ${rules.name} (${rules.jurisdiction}), from ${rules.effectiveFrom}`);
    }
    expect(reference).toContain("| Clock: Acknowledge receipt | 10 business days | 11 CCR §7021(a) | ✔ confirmed |");
    expect(reference).toContain(
      "| Disproportionate effort is a ground | no | Va. Code §59.1-577 names no such ground | unconfirmed |",
    );
  });
});
