import type { RuledJurisdiction } from "../vocabulary.js";

/**
 * A value of the rules table with where it comes from. `confirmed` is true only where the value was checked against
 * statute, regulation or a summary quoting it; every other value is a placeholder until counsel reads the text.
 * docs/jurisdictions.md lists every one.
 */
export interface Fact<T> {
  value: T;
  cite: string;
  confirmed: boolean;
}

export const confirmed = <T>(value: T, cite: string): Fact<T> => ({ value, cite, confirmed: true });
export const unconfirmed = <T>(value: T, cite: string): Fact<T> => ({ value, cite, confirmed: false });

export type ClockUnit = "calendar_days" | "business_days" | "calendar_months";

export interface Clock {
  amount: number;
  unit: ClockUnit;
}

export const calendarDays = (amount: number): Clock => ({ amount, unit: "calendar_days" });
export const businessDays = (amount: number): Clock => ({ amount, unit: "business_days" });
export const calendarMonths = (amount: number): Clock => ({ amount, unit: "calendar_months" });

/**
 * `provided_data_only`: the right reaches only data the consumer gave the company (UT, IA deletion);
 * `categories_only`: a list of third parties by their categories, not their names (DE, MD).
 */
export type RightScope = "yes" | "no" | "provided_data_only" | "categories_only";

export interface Rights {
  access: Fact<RightScope>;
  portability: Fact<RightScope>;
  correction: Fact<RightScope>;
  deletion: Fact<RightScope>;
  optOutSale: Fact<RightScope>;
  optOutSharing: Fact<RightScope>;
  optOutTargetedAdvertising: Fact<RightScope>;
  optOutProfiling: Fact<RightScope>;
  limitSensitive: Fact<RightScope>;
  /** The specific third parties the consumer's data was disclosed to (ORS 646A.574, Minn. Stat. §325M.14). */
  thirdPartyList: Fact<RightScope>;
  /** Questioning the result of profiling: its reasons, the data it used, a new evaluation (Minn. Stat. §325M.14). */
  questionProfiling: Fact<RightScope>;
  /** Restriction of processing (GDPR Art. 18). */
  restriction: Fact<RightScope>;
  /** Objection to processing (GDPR Art. 21). */
  objection: Fact<RightScope>;
  appeal: Fact<RightScope>;
}

export interface Clocks {
  /** The substantive answer to any request, counted from receipt. */
  response: Fact<Clock>;
  /** How much longer the response may take after an extension, counted from the original deadline. */
  extension?: Fact<Clock>;
  /** Confirming receipt; never owed for opt-out or limit requests where it exists (CA). */
  acknowledge?: Fact<Clock>;
  optOut?: Fact<Clock>;
  limitSensitive?: Fact<Clock>;
  /** Answering an appeal, counted from the appeal's receipt. */
  appealResponse?: Fact<Clock>;
  /** Acknowledging a complaint about how a request was handled, in calendar days from its receipt (the UK). */
  complaintAcknowledge?: Fact<Clock>;
}

/** Whom a consumer may complain to about how a request was handled: the AG, or the supervisory authority. */
export interface Regulator {
  name: string;
  url: string;
}

/**
 * How identity must be verified: California's tiers of certainty (11 CCR §7062), "commercially reasonable"
 * authentication (the Virginia model), or the GDPR's proportionate checks where there is reasonable doubt.
 */
export type VerificationStandard = "ccpa_tiers" | "commercially_reasonable" | "gdpr_proportionate";

/** One version of one jurisdiction's rules; an amendment is a new row with a later `effectiveFrom`. */
export interface JurisdictionRules {
  jurisdiction: RuledJurisdiction;
  name: string;
  law: string;
  /** ISO date from which this row governs requests received in the jurisdiction. */
  effectiveFrom: string;
  rights: Rights;
  clocks: Clocks;
  /**
   * Whom the law obliges the company to accept as acting for a consumer: any authorized agent, agents for opt-outs
   * only, or none but a parent for a child. Beyond that, the company's policy decides (`AUTHORIZED_AGENTS_ACCEPTED`).
   */
  agents: Fact<AgentRule>;
  /** Selling, sharing or targeting ads with a minor's data: needs opt-in consent below an age, or is banned. */
  minors?: Fact<MinorsRule>;
  /**
   * The IANA zone whose local date the law's clocks can be read in: the jurisdiction's westernmost, whose date is
   * the earliest, so a request received there in the evening is dated as a resident would date it.
   */
  timeZone: Fact<string>;
  /** How sure the company must be of who is asking, and the rule that says so. */
  verification: Fact<VerificationStandard>;
  /** Whom the consumer may complain to. */
  regulator: Fact<Regulator>;
  /** Whether a first refusal itself names the regulator (the GDPR), or only an appeal's denial does (US states). */
  refusalNamesRegulator: Fact<boolean>;
  /** Where a refusal must also name the right to take the company to court (GDPR Art. 12(4), 79). */
  judicialRemedy?: Fact<true>;
  /**
   * Where an appeal's decision names the regulator whatever its outcome (Colorado), not only when the appeal is
   * denied, the default of the states that ask for it (e.g. Va. Code §59.1-577(C)).
   */
  appealDecisionNamesRegulator?: Fact<"always">;
  /** Whether "disproportionate effort" is a ground the law recognises for refusing (the company policy lists it). */
  disproportionateEffort: Fact<boolean>;
  /**
   * Where a deletion refused, or closed because it could not be verified, must ask whether the consumer wants to opt
   * out of sale and sharing instead, when the company sells or shares personal data.
   */
  refusedDeletion?: Fact<"offer_opt_out">;
  /** Where the law lets an unverified request stand longer than the company would: the days before it may close. */
  unverifiedCloseFloorDays?: Fact<number>;
}

export type AgentRule = "all" | "opt_out_only" | "parent_only";

export interface MinorsRule {
  rule: "opt_in" | "banned";
  /** The rule covers consumers younger than this. */
  belowAge: number;
}
