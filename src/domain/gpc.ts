import type { SuppressionScope } from "./suppression.js";
import type { Jurisdiction } from "./vocabulary.js";

/**
 * Where a Global Privacy Control signal binds, and from when: the states whose law makes a browser's opt-out
 * preference signal a valid opt-out of sale and sharing (or, in New Jersey, of sale and targeted advertising). It
 * needs no verification, and applies to the person where they are known (11 CCR §7025; Colo. Rule 5.08).
 * `confirmed` says whether the date was checked against the statute or the regulator's own text; a cite not yet
 * confirmed says so.
 * Elsewhere (Virginia, Utah, Iowa, Tennessee, Indiana, Kentucky, Rhode Island; the EU and the UK) no statute
 * requires it.
 */
export interface GpcRule {
  from: string;
  scopes: SuppressionScope[];
  cite: string;
  confirmed: boolean;
}

const saleAndSharing: SuppressionScope[] = ["sale", "sharing"];

export const gpcRules: Partial<Record<Jurisdiction, GpcRule>> = {
  "US-CA": {
    from: "2020-08-14",
    scopes: saleAndSharing,
    cite: "Cal. Civ. Code §1798.135(b)(1); 11 CCR §7025",
    confirmed: false,
  },
  "US-CO": {
    from: "2024-07-01",
    scopes: saleAndSharing,
    cite: "C.R.S. §6-1-1306(1)(a)(IV); 4 CCR 904-3 Rules 5.07–5.09",
    confirmed: true,
  },
  "US-CT": { from: "2025-01-01", scopes: saleAndSharing, cite: "Conn. Gen. Stat. §42-520(a)(6)", confirmed: false },
  "US-TX": { from: "2025-01-01", scopes: saleAndSharing, cite: "Tex. Bus. & Com. Code §541.055(e)", confirmed: true },
  "US-MT": {
    from: "2025-01-01",
    scopes: saleAndSharing,
    cite: "Montana Consumer Data Privacy Act (section not yet confirmed)",
    confirmed: false,
  },
  "US-NH": {
    from: "2025-01-01",
    scopes: saleAndSharing,
    cite: "New Hampshire RSA 507-H (section not yet confirmed)",
    confirmed: true,
  },
  "US-NE": {
    from: "2025-01-01",
    scopes: saleAndSharing,
    cite: "Nebraska Data Privacy Act, through its authorized-agent clause (section not yet confirmed)",
    confirmed: false,
  },
  "US-NJ": {
    from: "2025-07-15",
    scopes: ["sale", "targeted_advertising"],
    cite: "N.J.S.A. 56:8-166.11(b)(1)",
    confirmed: true,
  },
  "US-MN": {
    from: "2025-07-31",
    scopes: saleAndSharing,
    cite: "Minnesota Consumer Data Privacy Act (section not yet confirmed)",
    confirmed: false,
  },
  "US-MD": {
    from: "2025-10-01",
    scopes: saleAndSharing,
    cite: "Maryland Online Data Privacy Act (section not yet confirmed)",
    confirmed: true,
  },
  "US-OR": { from: "2026-01-01", scopes: saleAndSharing, cite: "ORS 646A.574", confirmed: true },
  "US-DE": {
    from: "2026-01-01",
    scopes: saleAndSharing,
    cite: "Delaware Personal Data Privacy Act (section not yet confirmed)",
    confirmed: false,
  },
};

/** The rule a GPC signal binds under in this jurisdiction on this day (an ISO date), if any. */
export function gpcBinding(jurisdiction: Jurisdiction, on: string): GpcRule | undefined {
  const rule = gpcRules[jurisdiction];
  return rule && rule.from <= on ? rule : undefined;
}

/** Whether a request's headers carry a Global Privacy Control signal (`Sec-GPC: 1`). */
export const carriesGpc = (header: string | undefined) => header?.trim() === "1";
