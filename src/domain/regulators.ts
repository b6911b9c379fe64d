import type { Jurisdiction } from "./vocabulary.js";

export interface Regulator {
  name: string;
  url: string;
}

/**
 * Whom a requester may complain to: the state Attorney General in the US, the supervisory authority in the EU and
 * UK. legal-rules.md names the body but not its address; these are each office's public home or complaint pages and
 * should be checked by counsel like any unconfirmed rule.
 */
const regulators: Record<Exclude<Jurisdiction, "other">, Regulator> = {
  "US-CA": { name: "the California Attorney General", url: "https://oag.ca.gov/privacy" },
  "US-VA": { name: "the Virginia Attorney General", url: "https://www.oag.state.va.us/consumer-protection" },
  "US-CO": { name: "the Colorado Attorney General", url: "https://coag.gov/file-complaint/" },
  "US-CT": { name: "the Connecticut Attorney General", url: "https://portal.ct.gov/ag" },
  "US-UT": { name: "the Utah Attorney General", url: "https://attorneygeneral.utah.gov/" },
  "US-TX": { name: "the Texas Attorney General", url: "https://www.texasattorneygeneral.gov/consumer-protection" },
  "US-OR": { name: "the Oregon Department of Justice", url: "https://www.doj.state.or.us/consumer-protection/" },
  "US-MT": { name: "the Montana Department of Justice", url: "https://dojmt.gov/consumer/" },
  "US-IA": { name: "the Iowa Attorney General", url: "https://www.iowaattorneygeneral.gov/" },
  "US-DE": { name: "the Delaware Department of Justice", url: "https://attorneygeneral.delaware.gov/" },
  "US-NJ": { name: "the New Jersey Division of Consumer Affairs", url: "https://www.njconsumeraffairs.gov/" },
  "US-NH": { name: "the New Hampshire Attorney General", url: "https://www.doj.nh.gov/" },
  "US-NE": { name: "the Nebraska Attorney General", url: "https://protectthegoodlife.nebraska.gov/" },
  "US-TN": { name: "the Tennessee Attorney General", url: "https://www.tn.gov/attorneygeneral.html" },
  "US-MN": { name: "the Minnesota Attorney General", url: "https://www.ag.state.mn.us/" },
  "US-MD": { name: "the Maryland Attorney General", url: "https://www.marylandattorneygeneral.gov/" },
  "US-IN": { name: "the Indiana Attorney General", url: "https://www.in.gov/attorneygeneral/" },
  "US-KY": { name: "the Kentucky Attorney General", url: "https://www.ag.ky.gov/" },
  "US-RI": { name: "the Rhode Island Attorney General", url: "https://riag.ri.gov/" },
  EU: {
    name: "the data protection supervisory authority where you live or work",
    url: "https://www.edpb.europa.eu/about-edpb/about-edpb/members_en",
  },
  GB: { name: "the Information Commissioner's Office", url: "https://ico.org.uk/make-a-complaint/" },
};

export function regulatorFor(jurisdiction: Jurisdiction): Regulator | undefined {
  return jurisdiction === "other" ? undefined : regulators[jurisdiction];
}

/**
 * Whether a refusal itself must name the regulator: under the GDPR every refusal states the right to complain to the
 * supervisory authority (Art. 12(4)); US states require the AG's contact only once an appeal is denied (§6, §9).
 */
export function refusalNamesRegulator(jurisdiction: Jurisdiction): boolean {
  return jurisdiction === "EU" || jurisdiction === "GB";
}
