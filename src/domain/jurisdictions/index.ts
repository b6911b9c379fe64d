import type { Jurisdiction, RuledJurisdiction } from "../vocabulary.js";
import { europe } from "./europe.js";
import type { JurisdictionRules } from "./types.js";
import { usStates } from "./us-states.js";

export * from "./types.js";

/** Every version of every jurisdiction's rules, oldest first within a jurisdiction. */
export const rulesTable: readonly JurisdictionRules[] = [...usStates, ...europe];

/** The row that governs a request received on `onDate` (ISO date), or none when the law was not yet in force. */
export function rulesInEffect(jurisdiction: RuledJurisdiction, onDate: string): JurisdictionRules | undefined {
  let governing: JurisdictionRules | undefined;
  for (const row of rulesTable) {
    if (row.jurisdiction !== jurisdiction || row.effectiveFrom > onDate) continue;
    if (!governing || row.effectiveFrom > governing.effectiveFrom) governing = row;
  }
  return governing;
}

/**
 * The rows that bind a request: its own jurisdiction's, or, where the residence is unknown or has no privacy law
 * here, every jurisdiction's in force, so each clock takes the strictest of them (docs/jurisdictions.md).
 */
export function governingRules(jurisdiction: Jurisdiction, onDate: string): JurisdictionRules[] {
  if (jurisdiction !== "other") {
    const row = rulesInEffect(jurisdiction, onDate);
    return row ? [row] : [];
  }
  const ruled = new Set(rulesTable.map((row) => row.jurisdiction));
  return [...ruled].flatMap((id) => rulesInEffect(id, onDate) ?? []);
}

/**
 * The row that governed a request, as its `rulesVersion` recorded it ("US-CT@2026-07-01"), or for a request
 * older than that record, the row in force when it arrived. None where the residence is unknown: callers that
 * need a rule for it take the strictest of `governingRules` themselves.
 */
export function rulesOfRequest(request: {
  jurisdiction: Jurisdiction;
  rulesVersion: string | null;
  receivedAt: Date;
}): JurisdictionRules | undefined {
  if (request.jurisdiction === "other") return undefined;
  const effectiveFrom = request.rulesVersion?.split(" ")[0]?.split("@")[1];
  const recorded = rulesTable.find(
    (row) => row.jurisdiction === request.jurisdiction && row.effectiveFrom === effectiveFrom,
  );
  return recorded ?? rulesInEffect(request.jurisdiction, request.receivedAt.toISOString().slice(0, 10));
}
