import type { RuledJurisdiction } from "../vocabulary.js";
import {
  type AgentRule,
  businessDays,
  type Clock,
  calendarDays,
  confirmed,
  type Fact,
  type JurisdictionRules,
  type MinorsRule,
  type Regulator,
  type RightScope,
  type Rights,
  unconfirmed,
} from "./types.js";

interface UsStateLaw {
  jurisdiction: RuledJurisdiction;
  name: string;
  law: string;
  effectiveFrom: string;
  /** Section granting the rights, and whether the rules research checked the rights list against the text. */
  rightsCite: string;
  rightsConfirmed: boolean;
  rights?: Partial<Rights>;
  agents: Fact<AgentRule>;
  minors?: Fact<MinorsRule>;
  response: Fact<Clock>;
  extension: Fact<Clock>;
  appealResponse?: Fact<Clock>;
  /** The Attorney General's office (or the state's consumer-protection body) and its complaint page. */
  regulator: Regulator;
  appealDecisionNamesRegulator?: Fact<"always">;
}

/**
 * Each state's westernmost time zone: where a state spans two, its western part reaches a date last, so a clock
 * read from it is never later than a resident's reading. Taken from the zones' own maps, not from the statutes.
 */
const westernmostZone: Record<Exclude<RuledJurisdiction, "EU" | "GB">, string> = {
  "US-CA": "America/Los_Angeles",
  "US-VA": "America/New_York",
  "US-CO": "America/Denver",
  "US-CT": "America/New_York",
  "US-UT": "America/Denver",
  "US-TX": "America/Denver",
  "US-OR": "America/Los_Angeles",
  "US-MT": "America/Denver",
  "US-IA": "America/Chicago",
  "US-DE": "America/New_York",
  "US-NJ": "America/New_York",
  "US-NH": "America/New_York",
  "US-NE": "America/Denver",
  "US-TN": "America/Chicago",
  "US-MN": "America/Chicago",
  "US-MD": "America/New_York",
  "US-IN": "America/Chicago",
  "US-KY": "America/Chicago",
  "US-RI": "America/New_York",
};

const zoneOf = (jurisdiction: Exclude<RuledJurisdiction, "EU" | "GB">) =>
  unconfirmed(westernmostZone[jurisdiction], "the state's westernmost time zone (IANA tz database)");

/**
 * The rules research names each body but not its address: these are the offices' public pages, unconfirmed until
 * counsel checks them like any other value.
 */
const regulatorPage = (regulator: Regulator) =>
  unconfirmed(regulator, "the office's public complaint or consumer-protection page");

/**
 * The Virginia model most states copied: access, copy, correct, delete and opt out of sale, targeted advertising and
 * profiling, with an appeal. "Sharing" and "limit sensitive" are California's words; these states reach the same
 * ground through targeted advertising and opt-in consent for sensitive data.
 */
function usStateLaw(state: UsStateLaw): JurisdictionRules {
  const right = (scope: RightScope) =>
    state.rightsConfirmed ? confirmed(scope, state.rightsCite) : unconfirmed(scope, state.rightsCite);
  const californiaOnly = unconfirmed<RightScope>("no", "California concept; covered here by targeted advertising");
  const gdprOnly = unconfirmed<RightScope>("no", `GDPR concept; ${state.rightsCite} grants opt-outs instead`);
  return {
    jurisdiction: state.jurisdiction,
    name: state.name,
    law: state.law,
    effectiveFrom: state.effectiveFrom,
    rights: {
      access: right("yes"),
      portability: right("yes"),
      correction: right("yes"),
      deletion: right("yes"),
      optOutSale: right("yes"),
      optOutSharing: californiaOnly,
      optOutTargetedAdvertising: right("yes"),
      optOutProfiling: right("yes"),
      limitSensitive: unconfirmed("no", "sensitive data needs opt-in consent instead"),
      thirdPartyList: right("no"),
      questionProfiling: right("no"),
      restriction: gdprOnly,
      objection: gdprOnly,
      appeal: right("yes"),
      ...state.rights,
    },
    clocks: {
      response: state.response,
      extension: state.extension,
      ...(state.appealResponse ? { appealResponse: state.appealResponse } : {}),
    },
    agents: state.agents,
    ...(state.minors ? { minors: state.minors } : {}),
    timeZone: zoneOf(state.jurisdiction as Exclude<RuledJurisdiction, "EU" | "GB">),
    ...(state.appealDecisionNamesRegulator ? { appealDecisionNamesRegulator: state.appealDecisionNamesRegulator } : {}),
    verification: unconfirmed("commercially_reasonable", state.rightsCite),
    regulator: regulatorPage(state.regulator),
    refusalNamesRegulator: unconfirmed(false, "the Attorney General's contact is owed once an appeal is denied"),
    disproportionateEffort: unconfirmed(false, `${state.rightsCite} names no such ground`),
  };
}

const parentOnly = (cite: string) => unconfirmed<AgentRule>("parent_only", cite);
const optOutAgents = (cite: string, isConfirmed = false) =>
  isConfirmed ? confirmed<AgentRule>("opt_out_only", cite) : unconfirmed<AgentRule>("opt_out_only", cite);
const optInBelow = (belowAge: number, cite: string, isConfirmed = false) =>
  (isConfirmed ? confirmed : unconfirmed)<MinorsRule>({ rule: "opt_in", belowAge }, cite);

const days45 = (cite: string, isConfirmed: boolean) =>
  isConfirmed ? confirmed(calendarDays(45), cite) : unconfirmed(calendarDays(45), cite);

export const california: JurisdictionRules = {
  jurisdiction: "US-CA",
  name: "California",
  law: "CCPA as amended by CPRA, Cal. Civ. Code §1798.100 ff.; 11 CCR §7000 ff.",
  effectiveFrom: "2023-01-01",
  rights: {
    access: confirmed("yes", "Cal. Civ. Code §1798.110"),
    portability: confirmed("yes", "Cal. Civ. Code §1798.130"),
    correction: confirmed("yes", "Cal. Civ. Code §1798.106"),
    deletion: confirmed("yes", "Cal. Civ. Code §1798.105"),
    optOutSale: confirmed("yes", "Cal. Civ. Code §1798.120"),
    optOutSharing: confirmed("yes", "Cal. Civ. Code §1798.120"),
    optOutTargetedAdvertising: confirmed("yes", "Cal. Civ. Code §1798.120, as sharing for cross-context ads"),
    optOutProfiling: unconfirmed("no", "ADMT opt-out under the 2025 regulations, compliance from 2027-01-01"),
    limitSensitive: confirmed("yes", "Cal. Civ. Code §1798.121"),
    thirdPartyList: unconfirmed("no", "Cal. Civ. Code §1798.110(a)(4): categories of third parties, part of access"),
    questionProfiling: unconfirmed("no", "ADMT rights under the 2025 regulations, compliance from 2027-01-01"),
    restriction: unconfirmed("no", "GDPR concept; the CCPA grants opt-outs and limits instead"),
    objection: unconfirmed("no", "GDPR concept; the CCPA grants opt-outs and limits instead"),
    appeal: confirmed("no", "no statutory appeal"),
  },
  clocks: {
    response: confirmed(calendarDays(45), "Cal. Civ. Code §1798.130(a)(2)"),
    extension: confirmed(calendarDays(45), "Cal. Civ. Code §1798.130(a)(2)"),
    acknowledge: confirmed(businessDays(10), "11 CCR §7021(a)"),
    optOut: confirmed(businessDays(15), "11 CCR §7026(f)"),
    limitSensitive: confirmed(businessDays(15), "11 CCR §7027"),
  },
  agents: confirmed("all", "11 CCR §7063"),
  minors: confirmed({ rule: "opt_in", belowAge: 16 }, "Cal. Civ. Code §1798.120(c)-(d)"),
  timeZone: zoneOf("US-CA"),
  verification: confirmed("ccpa_tiers", "11 CCR §7060-§7062"),
  regulator: regulatorPage({ name: "the California Attorney General", url: "https://oag.ca.gov/privacy" }),
  refusalNamesRegulator: confirmed(false, "no statutory appeal, and no duty to name the Attorney General"),
  disproportionateEffort: confirmed(true, "11 CCR §7001 defines disproportionate effort"),
  refusedDeletion: unconfirmed("offer_opt_out", "11 CCR §7022(f)"),
  unverifiedCloseFloorDays: unconfirmed(
    45,
    "11 CCR §7021(b): an unverified request may be denied within the 45-day period, not before it ends",
  ),
};

const connecticutBase: UsStateLaw = {
  jurisdiction: "US-CT",
  name: "Connecticut",
  law: "CTDPA, Conn. Gen. Stat. §42-515 ff.",
  regulator: { name: "the Connecticut Attorney General", url: "https://portal.ct.gov/ag" },
  effectiveFrom: "2023-07-01",
  rightsCite: "Conn. Gen. Stat. §42-518",
  rightsConfirmed: false,
  agents: optOutAgents("Conn. Gen. Stat. §42-518"),
  minors: optInBelow(16, "Conn. Gen. Stat. §42-529a ff."),
  response: days45("Conn. Gen. Stat. §42-518", false),
  extension: days45("Conn. Gen. Stat. §42-518", false),
  appealResponse: unconfirmed(calendarDays(60), "Conn. Gen. Stat. §42-518(d)"),
};

const coloradoBase: UsStateLaw = {
  jurisdiction: "US-CO",
  name: "Colorado",
  law: "CPA, C.R.S. §6-1-1301 ff.; 4 CCR 904-3",
  regulator: { name: "the Colorado Attorney General", url: "https://coag.gov/file-complaint/" },
  effectiveFrom: "2023-07-01",
  rightsCite: "C.R.S. §6-1-1306",
  rightsConfirmed: true,
  agents: optOutAgents("C.R.S. §6-1-1306(1)(a)(II)", true),
  response: days45("C.R.S. §6-1-1306(2)", true),
  extension: days45("C.R.S. §6-1-1306(2)", true),
  appealResponse: unconfirmed(calendarDays(45), "C.R.S. §6-1-1306(3)"),
  appealDecisionNamesRegulator: unconfirmed(
    "always",
    "C.R.S. §6-1-1306(3)(e): the consumer's ability to contact the Attorney General about the appeal's result",
  ),
};

const oregonBase: UsStateLaw = {
  jurisdiction: "US-OR",
  name: "Oregon",
  law: "OCPA, ORS 646A.570 ff.",
  regulator: { name: "the Oregon Department of Justice", url: "https://www.doj.state.or.us/consumer-protection/" },
  effectiveFrom: "2024-07-01",
  rightsCite: "ORS 646A.574",
  rightsConfirmed: true,
  rights: { thirdPartyList: confirmed("yes", "ORS 646A.574: the specific third parties, or all third parties") },
  agents: optOutAgents("ORS 646A.576(4)", true),
  minors: optInBelow(16, "ORS 646A.578(2)(c)", true),
  response: days45("ORS 646A.576", true),
  extension: days45("ORS 646A.576", true),
  appealResponse: unconfirmed(calendarDays(45), "ORS 646A.576"),
};

const montanaBase: UsStateLaw = {
  jurisdiction: "US-MT",
  name: "Montana",
  law: "MCDPA, Mont. Code Ann. §30-14-2801 ff.",
  regulator: { name: "the Montana Department of Justice", url: "https://dojmt.gov/consumer/" },
  effectiveFrom: "2024-10-01",
  rightsCite: "Mont. Code Ann. §30-14-2808",
  rightsConfirmed: false,
  agents: optOutAgents("Mont. Code Ann. §30-14-2808"),
  minors: optInBelow(16, "Mont. Code Ann. §30-14-2812"),
  response: days45("Mont. Code Ann. §30-14-2808", false),
  extension: days45("Mont. Code Ann. §30-14-2808", false),
  appealResponse: unconfirmed(calendarDays(60), "Mont. Code Ann. §30-14-2808"),
};

export const usStates: JurisdictionRules[] = [
  california,
  usStateLaw({
    jurisdiction: "US-VA",
    name: "Virginia",
    law: "VCDPA, Va. Code §59.1-575 ff.",
    regulator: { name: "the Virginia Attorney General", url: "https://www.oag.state.va.us/consumer-protection" },
    effectiveFrom: "2023-01-01",
    rightsCite: "Va. Code §59.1-577",
    rightsConfirmed: false,
    agents: parentOnly("Va. Code §59.1-577"),
    response: days45("Va. Code §59.1-577(B)", false),
    extension: days45("Va. Code §59.1-577(B)", false),
    appealResponse: unconfirmed(calendarDays(60), "Va. Code §59.1-577(C)"),
  }),
  usStateLaw(coloradoBase),
  usStateLaw({
    ...coloradoBase,
    law: "CPA as amended by SB 24-041, C.R.S. §6-1-1301 ff.; 4 CCR 904-3",
    effectiveFrom: "2025-10-01",
    minors: optInBelow(18, "C.R.S. §6-1-1308.5 (SB 24-041): consent for targeted ads, sale and profiling under 18"),
  }),
  usStateLaw(connecticutBase),
  usStateLaw({
    ...connecticutBase,
    law: "CTDPA as amended by SB 3 (2023), Conn. Gen. Stat. §42-515 ff.",
    effectiveFrom: "2024-10-01",
    minors: optInBelow(18, "SB 3 (2023), Conn. Gen. Stat. §42-529a ff.: consent for targeted ads and sale under 18"),
  }),
  usStateLaw({
    ...connecticutBase,
    law: "CTDPA as amended by SB 1295, Conn. Gen. Stat. §42-515 ff.",
    effectiveFrom: "2026-07-01",
    minors: confirmed<MinorsRule>({ rule: "banned", belowAge: 18 }, "SB 1295: no consent unlocks sale or targeted ads"),
    rights: {
      access: confirmed("yes", "Conn. Gen. Stat. §42-518, with inferences from SB 1295"),
      optOutProfiling: confirmed("yes", "SB 1295 widens it to decisions not solely automated"),
      questionProfiling: confirmed("yes", "SB 1295: question the result of profiling, from 2026-07-01"),
    },
  }),
  usStateLaw({
    jurisdiction: "US-UT",
    name: "Utah",
    law: "UCPA, Utah Code §13-61-101 ff.",
    // The Division receives and investigates consumers' complaints; the Attorney General enforces.
    regulator: { name: "the Utah Division of Consumer Protection", url: "https://dcp.utah.gov/" },
    effectiveFrom: "2023-12-31",
    rightsCite: "Utah Code §13-61-201",
    rightsConfirmed: false,
    agents: parentOnly("Utah Code §13-61-201"),
    rights: {
      portability: unconfirmed("provided_data_only", "Utah Code §13-61-201"),
      correction: confirmed("no", "no correction right in the UCPA"),
      deletion: confirmed("provided_data_only", "Utah Code §13-61-201"),
      optOutProfiling: unconfirmed("no", "Utah Code §13-61-201"),
      appeal: confirmed("no", "no appeal right in the UCPA"),
    },
    response: days45("Utah Code §13-61-203", false),
    extension: days45("Utah Code §13-61-203", false),
  }),
  usStateLaw({
    jurisdiction: "US-TX",
    name: "Texas",
    law: "TDPSA, Tex. Bus. & Com. Code ch. 541",
    regulator: { name: "the Texas Attorney General", url: "https://www.texasattorneygeneral.gov/consumer-protection" },
    effectiveFrom: "2024-07-01",
    rightsCite: "Tex. Bus. & Com. Code §541.051",
    rightsConfirmed: true,
    agents: optOutAgents("Tex. Bus. & Com. Code §541.055(e)", true),
    response: days45("Tex. Bus. & Com. Code §541.052", true),
    extension: days45("Tex. Bus. & Com. Code §541.052", true),
    appealResponse: unconfirmed(calendarDays(60), "Tex. Bus. & Com. Code §541.053"),
  }),
  usStateLaw(oregonBase),
  usStateLaw({
    ...oregonBase,
    law: "OCPA as amended by HB 2008 (2025), ORS 646A.570 ff.",
    effectiveFrom: "2026-01-01",
    minors: unconfirmed<MinorsRule>(
      { rule: "banned", belowAge: 16 },
      "HB 2008 (2025), ORS 646A.578: no targeted ads, profiling or sale of under-16s' data, consent or not",
    ),
  }),
  usStateLaw(montanaBase),
  usStateLaw({
    ...montanaBase,
    law: "MCDPA as amended by SB 297 (2025), Mont. Code Ann. §30-14-2801 ff.",
    effectiveFrom: "2025-10-01",
    minors: optInBelow(18, "SB 297 (2025), Mont. Code Ann. §30-14-2812: consent for targeted ads and sale under 18"),
  }),
  usStateLaw({
    jurisdiction: "US-IA",
    name: "Iowa",
    law: "ICDPA, Iowa Code ch. 715D",
    regulator: { name: "the Iowa Attorney General", url: "https://www.iowaattorneygeneral.gov/" },
    effectiveFrom: "2025-01-01",
    rightsCite: "Iowa Code §715D.3",
    rightsConfirmed: true,
    agents: parentOnly("Iowa Code §715D.3"),
    rights: {
      correction: confirmed("no", "no correction right in the ICDPA"),
      deletion: confirmed("provided_data_only", "Iowa Code §715D.3"),
      optOutTargetedAdvertising: unconfirmed("yes", "Iowa Code §715D.4: disclosure and an opt-out method"),
      optOutProfiling: unconfirmed("no", "Iowa Code §715D.3"),
    },
    response: confirmed(calendarDays(90), "Iowa Code §715D.3(2)"),
    extension: confirmed(calendarDays(45), "Iowa Code §715D.3(2)"),
    appealResponse: unconfirmed(calendarDays(60), "Iowa Code §715D.3"),
  }),
  usStateLaw({
    jurisdiction: "US-DE",
    name: "Delaware",
    law: "DPDPA, 6 Del. C. ch. 12D",
    regulator: { name: "the Delaware Department of Justice", url: "https://attorneygeneral.delaware.gov/" },
    effectiveFrom: "2025-01-01",
    rightsCite: "6 Del. C. §12D-104",
    rightsConfirmed: false,
    rights: { thirdPartyList: unconfirmed("categories_only", "6 Del. C. §12D-104: categories of third parties") },
    agents: optOutAgents("6 Del. C. §12D-104"),
    minors: optInBelow(18, "6 Del. C. §12D-106"),
    response: days45("6 Del. C. §12D-104", false),
    extension: days45("6 Del. C. §12D-104", false),
    appealResponse: unconfirmed(calendarDays(60), "6 Del. C. §12D-104"),
  }),
  usStateLaw({
    jurisdiction: "US-NJ",
    name: "New Jersey",
    law: "NJDPA, N.J.S.A. 56:8-166.4 ff.",
    regulator: { name: "the New Jersey Division of Consumer Affairs", url: "https://www.njconsumeraffairs.gov/" },
    effectiveFrom: "2025-01-15",
    rightsCite: "N.J.S.A. 56:8-166.10",
    rightsConfirmed: true,
    agents: optOutAgents("N.J.S.A. 56:8-166.11(a)", true),
    minors: optInBelow(17, "N.J.S.A. 56:8-166.12", true),
    response: days45("N.J.S.A. 56:8-166.7", true),
    extension: days45("N.J.S.A. 56:8-166.7", true),
    appealResponse: unconfirmed(calendarDays(45), "N.J.S.A. 56:8-166.7(c)"),
  }),
  usStateLaw({
    jurisdiction: "US-NH",
    name: "New Hampshire",
    law: "NHPA, RSA ch. 507-H",
    regulator: { name: "the New Hampshire Attorney General", url: "https://www.doj.nh.gov/" },
    effectiveFrom: "2025-01-01",
    rightsCite: "RSA 507-H:4",
    rightsConfirmed: false,
    agents: optOutAgents("RSA 507-H:4"),
    minors: optInBelow(16, "RSA 507-H:6", true),
    response: days45("RSA 507-H:4", false),
    extension: days45("RSA 507-H:4", false),
    appealResponse: unconfirmed(calendarDays(60), "RSA 507-H:4"),
  }),
  usStateLaw({
    jurisdiction: "US-NE",
    name: "Nebraska",
    law: "NDPA, Neb. Rev. Stat. §87-1101 ff.",
    regulator: { name: "the Nebraska Attorney General", url: "https://protectthegoodlife.nebraska.gov/" },
    effectiveFrom: "2025-01-01",
    rightsCite: "Neb. Rev. Stat. §87-1107",
    rightsConfirmed: false,
    agents: optOutAgents("Neb. Rev. Stat. §87-1107"),
    response: days45("Neb. Rev. Stat. §87-1108", false),
    extension: days45("Neb. Rev. Stat. §87-1108", false),
    appealResponse: unconfirmed(calendarDays(60), "Neb. Rev. Stat. §87-1108"),
  }),
  usStateLaw({
    jurisdiction: "US-TN",
    name: "Tennessee",
    law: "TIPA, Tenn. Code Ann. §47-18-3301 ff.",
    regulator: { name: "the Tennessee Attorney General", url: "https://www.tn.gov/attorneygeneral.html" },
    effectiveFrom: "2025-07-01",
    rightsCite: "Tenn. Code Ann. §47-18-3304",
    rightsConfirmed: false,
    agents: parentOnly("Tenn. Code Ann. §47-18-3304"),
    response: days45("Tenn. Code Ann. §47-18-3304", false),
    extension: days45("Tenn. Code Ann. §47-18-3304", false),
    appealResponse: unconfirmed(calendarDays(60), "Tenn. Code Ann. §47-18-3304"),
  }),
  usStateLaw({
    jurisdiction: "US-MN",
    name: "Minnesota",
    law: "MCDPA, Minn. Stat. §325M.10 ff.",
    regulator: { name: "the Minnesota Attorney General", url: "https://www.ag.state.mn.us/" },
    effectiveFrom: "2025-07-31",
    rightsCite: "Minn. Stat. §325M.14",
    rightsConfirmed: true,
    rights: {
      thirdPartyList: confirmed("yes", "Minn. Stat. §325M.14: the specific third parties"),
      questionProfiling: confirmed("yes", "Minn. Stat. §325M.14: the reasons, the data used, a new evaluation"),
    },
    agents: optOutAgents("Minn. Stat. §325M.14"),
    minors: optInBelow(16, "Minn. Stat. §325M.15"),
    response: days45("Minn. Stat. §325M.14", true),
    extension: days45("Minn. Stat. §325M.14", false),
    appealResponse: unconfirmed(calendarDays(45), "Minn. Stat. §325M.14"),
  }),
  usStateLaw({
    jurisdiction: "US-MD",
    name: "Maryland",
    law: "MODPA, Md. Code Com. Law §14-4601 ff.",
    regulator: { name: "the Maryland Attorney General", url: "https://www.marylandattorneygeneral.gov/" },
    effectiveFrom: "2025-10-01",
    rightsCite: "Md. Code Com. Law §14-4605",
    rightsConfirmed: false,
    rights: {
      thirdPartyList: unconfirmed("categories_only", "Md. Code Com. Law §14-4605: categories of third parties"),
    },
    agents: optOutAgents("Md. Code Com. Law §14-4605"),
    minors: unconfirmed<MinorsRule>({ rule: "banned", belowAge: 18 }, "Md. Code Com. Law §14-4607"),
    response: days45("Md. Code Com. Law §14-4605", false),
    extension: days45("Md. Code Com. Law §14-4605", false),
    appealResponse: unconfirmed(calendarDays(60), "Md. Code Com. Law §14-4605"),
  }),
  usStateLaw({
    jurisdiction: "US-IN",
    name: "Indiana",
    law: "ICDPA, Ind. Code art. 24-15",
    regulator: { name: "the Indiana Attorney General", url: "https://www.in.gov/attorneygeneral/" },
    effectiveFrom: "2026-01-01",
    rightsCite: "Ind. Code 24-15-3",
    rightsConfirmed: false,
    agents: parentOnly("Ind. Code 24-15-3"),
    response: days45("Ind. Code 24-15-3", false),
    extension: days45("Ind. Code 24-15-3", false),
    appealResponse: unconfirmed(calendarDays(60), "Ind. Code 24-15-3"),
  }),
  usStateLaw({
    jurisdiction: "US-KY",
    name: "Kentucky",
    law: "KCDPA, KRS 367.3611 ff.",
    regulator: { name: "the Kentucky Attorney General", url: "https://www.ag.ky.gov/" },
    effectiveFrom: "2026-01-01",
    rightsCite: "KRS 367.3615",
    rightsConfirmed: false,
    agents: parentOnly("KRS 367.3615"),
    response: days45("KRS 367.3615", false),
    extension: days45("KRS 367.3615", false),
    appealResponse: unconfirmed(calendarDays(60), "KRS 367.3615"),
  }),
  usStateLaw({
    jurisdiction: "US-RI",
    name: "Rhode Island",
    law: "RIDTPPA, R.I. Gen. Laws ch. 6-48.1",
    regulator: { name: "the Rhode Island Attorney General", url: "https://riag.ri.gov/" },
    effectiveFrom: "2026-01-01",
    rightsCite: "R.I. Gen. Laws §6-48.1-5",
    rightsConfirmed: true,
    agents: parentOnly("R.I. Gen. Laws §6-48.1-5"),
    response: days45("R.I. Gen. Laws §6-48.1-6(b)", true),
    extension: days45("R.I. Gen. Laws §6-48.1-6(b)", true),
    appealResponse: unconfirmed(calendarDays(45), "deadline not researched; the 45-day safe default"),
  }),
];
