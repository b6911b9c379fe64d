/** The words of a privacy request, shared by the rules, the database enums and the API schemas. */

export const requestKinds = [
  "access",
  "portability",
  "correction",
  "deletion",
  "opt_out",
  "opt_in",
  "limit_sensitive",
  "third_party_list",
  "question_profiling",
  "restriction",
  "objection",
] as const;
export type RequestKind = (typeof requestKinds)[number];

export const optOutScopes = ["sale", "sharing", "targeted_advertising", "profiling"] as const;
export type OptOutScope = (typeof optOutScopes)[number];

export const ageBands = ["under_13", "13_15", "16_17", "adult"] as const;
export type AgeBand = (typeof ageBands)[number];

/** The languages the pages and the requester's e-mails are written in; a request keeps the one it was filed in. */
export const languages = ["en", "es"] as const;
export type Language = (typeof languages)[number];

export const submitterRoles = ["self", "authorized_agent", "parent"] as const;
export type SubmitterRole = (typeof submitterRoles)[number];

/**
 * How a request reached us; "internal" is one the company opened itself, such as deleting a child's data, and
 * "processor" one forwarded to us, as the controller, by a processor that holds data for us (`modules/processors`),
 * and "drp" one an authorized agent's software filed over the Data Rights Protocol (`modules/agents`).
 */
export const intakeChannels = ["api", "web_form", "mail", "phone", "email", "internal", "processor", "drp"] as const;
export type IntakeChannel = (typeof intakeChannels)[number];

export const usStates = [
  "US-CA",
  "US-VA",
  "US-CO",
  "US-CT",
  "US-UT",
  "US-TX",
  "US-OR",
  "US-MT",
  "US-IA",
  "US-DE",
  "US-NJ",
  "US-NH",
  "US-NE",
  "US-TN",
  "US-MN",
  "US-MD",
  "US-IN",
  "US-KY",
  "US-RI",
] as const;

/** Where the law of a request comes from: a US state with a privacy law, the EU, the UK, or anywhere else / unknown. */
export const jurisdictions = [...usStates, "EU", "GB", "other"] as const;
export type Jurisdiction = (typeof jurisdictions)[number];
export type RuledJurisdiction = Exclude<Jurisdiction, "other">;

/** Every US state, the District of Columbia and the territories, so a residence with no law here is still known. */
const usPostalCodes =
  "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI".split(
    " ",
  );

/** Where the requester says they live, as they may write it: a jurisdiction, any US state, "UK" for GB. */
export function isStatedResidence(stated: string): boolean {
  const code = stated.trim().toUpperCase();
  return (
    (jurisdictions as readonly string[]).includes(stated.trim()) ||
    code === "UK" ||
    code === "OTHER" ||
    ["EU", "GB"].includes(code) ||
    (code.startsWith("US-") && usPostalCodes.includes(code.slice(3)))
  );
}

export interface Residence {
  jurisdiction: Jurisdiction;
  /** Why the rules of no one place apply, where the requester named a place: it has no privacy law in the table. */
  note?: string;
}

/** The jurisdiction whose rules govern a stated residence: a US state with no privacy law here is `other`. */
export function resolveResidence(stated: string): Residence {
  const code = stated.trim().toUpperCase();
  if (code === "UK") return { jurisdiction: "GB" };
  if (code === "OTHER") return { jurisdiction: "other" };
  const known = jurisdictions.find((jurisdiction) => jurisdiction.toUpperCase() === code);
  if (known) return { jurisdiction: known };
  return { jurisdiction: "other", note: `${code} has no state privacy law in the rules table` };
}

/**
 * What a decided request gives the requester: all they asked, part of it, or nothing. A routed part's controller
 * may instead tell us to do nothing (`no_action`), or that it answered the requester itself (`answered_by_controller`).
 */
export const requestOutcomes = [
  "fulfilled",
  "partly_fulfilled",
  "denied",
  "no_action",
  "answered_by_controller",
] as const;
export type RequestOutcome = (typeof requestOutcomes)[number];

/** What came of an appeal: the refusal stands, or it is reversed in whole or in part. */
export const appealOutcomes = ["upheld", "reversed", "partly_reversed"] as const;
export type AppealOutcome = (typeof appealOutcomes)[number];
