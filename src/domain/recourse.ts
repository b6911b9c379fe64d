import type { JurisdictionRules, Regulator } from "./jurisdictions/index.js";

/** An independent body the company's policy names for concerns it did not resolve (a company setting). */
export interface DisputeResolution {
  name: string;
  url: string;
}

/** Where a requester may take a decision they do not accept, beyond an appeal to us. */
export interface Recourse {
  regulator?: Regulator;
  /** The right to take us to court, with the law that grants it. */
  judicialRemedy?: { cite: string };
  disputeResolution?: DisputeResolution;
}

const disputeOf = (provider: DisputeResolution | undefined): Recourse =>
  provider ? { disputeResolution: provider } : {};

/**
 * What a refusal or a partial answer says of further recourse: the regulator and the courts where its law asks the
 * first refusal to name them (GDPR Art. 12(4)), and the company's dispute-resolution provider wherever one is set.
 */
export function recourseOfRefusal(
  rules: JurisdictionRules | undefined,
  provider: DisputeResolution | undefined,
): Recourse {
  return {
    ...(rules?.refusalNamesRegulator.value ? { regulator: rules.regulator.value } : {}),
    ...(rules?.judicialRemedy ? { judicialRemedy: { cite: rules.judicialRemedy.cite } } : {}),
    ...disputeOf(provider),
  };
}

/**
 * What an appeal's decision says of further recourse: the regulator when the appeal is not wholly granted, or
 * whatever the outcome where the law says so (Colorado); the courts where the law names them; the company's
 * dispute-resolution provider when the requester may still be unsatisfied.
 */
export function recourseOfAppealDecision(
  rules: JurisdictionRules | undefined,
  reversed: boolean,
  provider: DisputeResolution | undefined,
): Recourse {
  const always = rules?.appealDecisionNamesRegulator?.value === "always";
  return {
    ...(rules && (!reversed || always) ? { regulator: rules.regulator.value } : {}),
    ...(rules?.judicialRemedy && !reversed ? { judicialRemedy: { cite: rules.judicialRemedy.cite } } : {}),
    ...(reversed ? {} : disputeOf(provider)),
  };
}
