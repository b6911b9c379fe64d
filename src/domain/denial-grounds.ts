import type { JurisdictionRules } from "./jurisdictions/index.js";

/**
 * Why a request may be refused in whole or in part: the company policy's four grounds and the statutory ones, each
 * with its citations. `requester` is the reason as the notice states it; the reviewer's explanation follows it.
 */
export const denialGrounds = {
  identity_not_verified: {
    requester: "We could not confirm your identity.",
    cite: "CA 11 CCR §7062/§7024; VA-model states (NJ §56:8-166.7(e)); GDPR Art. 11(2), 12(6)",
  },
  regulatory_obligation: {
    requester: "Carrying out the request would conflict with a legal or regulatory obligation we must meet.",
    cite: "CA §1798.145(a); state exemption sections; GDPR Art. 17(3)(b), Art. 23",
  },
  legal_matters: {
    requester: "The data is needed for a legal claim, investigation or proceeding.",
    cite: "CA §1798.145(a); state exemption sections; GDPR Art. 17(3)(e)",
  },
  disproportionate_effort: {
    requester: "The data is not reasonably accessible, or finding it would take disproportionate effort.",
    cite: "CA 11 CCR §7001; GDPR reasonable and proportionate search; not a clear ground in VA-model states",
  },
  manifestly_unfounded_or_excessive: {
    requester: "The request is manifestly unfounded, excessive or repetitive.",
    cite: "CA §1798.145(h); NJ §56:8-166.7(d); IA; GDPR Art. 12(5)",
  },
  deletion_exception: {
    requester: "We must keep this data for a purpose the law allows, such as completing a transaction or security.",
    cite: "CA §1798.105(d)",
  },
  trade_secrets_or_others_rights: {
    requester: "Disclosing it would reveal trade secrets or affect the rights of other people.",
    cite: "CA §1798.100(f)/.145; RI §6-48.1",
  },
  pseudonymous_data: {
    requester: "The data is pseudonymous and we cannot link it to you without collecting more data.",
    cite: "VA-model states, pseudonymous data exemptions",
  },
} as const;

export type DenialGround = keyof typeof denialGrounds;
export const denialGroundCodes = Object.keys(denialGrounds) as [DenialGround, ...DenialGround[]];

/**
 * Warnings the reviewer must see before relying on a ground, in words for the audit trail: today, that
 * "disproportionate effort" (a company-policy ground) has no clear statutory basis where the rules say so. With no
 * rules to go by (residence unknown), the warning is given.
 */
export function groundWarnings(ground: DenialGround, rules: JurisdictionRules | undefined): string[] {
  if (ground !== "disproportionate_effort" || rules?.disproportionateEffort.value) return [];
  const where = rules ? `${rules.name} (${rules.disproportionateEffort.cite})` : "an unknown jurisdiction";
  return [
    `Disproportionate effort is a company-policy ground with no clear statutory basis in ${where}; ` +
      "the closest statutory ground is a manifestly unfounded or excessive request.",
  ];
}
