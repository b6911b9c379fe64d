/**
 * The categories of personal information the CCPA names (Cal. Civ. Code §1798.140(v)(1)(A)-(L), and sensitive
 * personal information, §1798.140(ae)): a data system declares what it holds in these words, and an access summary
 * reports the categories, their sources, purposes and recipients in them (§1798.110(a), (c)).
 */
export const dataCategories = {
  identifiers: "Identifiers, such as a name, postal or e-mail address, account name or online identifier",
  customer_records: "Personal information in customer records (Cal. Civ. Code §1798.80(e))",
  protected_characteristics: "Characteristics of classifications protected under California or federal law",
  commercial: "Commercial information: products or services purchased, obtained or considered",
  biometric: "Biometric information",
  network_activity: "Internet or other electronic network activity, such as browsing and search history",
  geolocation: "Geolocation data",
  sensory: "Audio, electronic, visual, thermal, olfactory or similar information",
  professional: "Professional or employment-related information",
  education: "Education information that is not publicly available (20 U.S.C. §1232g)",
  inferences: "Inferences drawn to create a profile of preferences, characteristics or behaviour",
  sensitive: "Sensitive personal information (Cal. Civ. Code §1798.140(ae))",
} as const;

export type DataCategory = keyof typeof dataCategories;
export const dataCategoryCodes = Object.keys(dataCategories) as [DataCategory, ...DataCategory[]];

/**
 * What a system holds of one category: where it comes from (categories of sources), why (purposes) and to whom it is
 * disclosed (categories of recipients). Systems registered before sources were asked for have none.
 */
export interface HeldCategory {
  category: DataCategory;
  sources?: string[];
  purposes: string[];
  recipients: string[];
}

/**
 * How a data system is reached: a signed job to its endpoint, a named person by e-mail, or the built-in connector
 * working in a PostgreSQL database the company points it at.
 */
export const dataSystemReaches = ["webhook", "manual", "postgres"] as const;
