/** The words of a privacy request, shared by the rules, the database enums and the API schemas. */

export const requestKinds = ["access", "portability", "correction", "deletion", "opt_out", "limit_sensitive"] as const;
export type RequestKind = (typeof requestKinds)[number];

export const optOutScopes = ["sale", "sharing", "targeted_advertising", "profiling"] as const;
export type OptOutScope = (typeof optOutScopes)[number];

export const ageBands = ["under_13", "13_15", "16_17", "adult"] as const;
export type AgeBand = (typeof ageBands)[number];

export const submitterRoles = ["self", "authorized_agent", "parent"] as const;
export type SubmitterRole = (typeof submitterRoles)[number];

/** How a request reached us; "internal" is one the company opened itself, such as deleting a child's data. */
export const intakeChannels = ["api", "web_form", "mail", "phone", "email", "internal"] as const;
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
