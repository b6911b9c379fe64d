import {
  type Clocks,
  calendarDays,
  calendarMonths,
  confirmed,
  type JurisdictionRules,
  type Rights,
  unconfirmed,
} from "./types.js";

// The rules research checked none of the GDPR values against the text, so they stay unconfirmed, article numbers
// notwithstanding.
function gdprRights(regulation: string, automatedDecisions: string): Rights {
  const art = (scope: "yes" | "no", article: string) => unconfirmed(scope, `${regulation} ${article}`);
  return {
    access: art("yes", "Art. 15"),
    portability: art("yes", "Art. 20"),
    correction: art("yes", "Art. 16"),
    deletion: art("yes", "Art. 17"),
    optOutSale: art("yes", "Art. 21 (objection)"),
    optOutSharing: art("yes", "Art. 21 (objection)"),
    optOutTargetedAdvertising: art("yes", "Art. 21(2)-(3), absolute for direct marketing"),
    optOutProfiling: art("yes", "Art. 21-22"),
    limitSensitive: art("no", "Art. 9 sets conditions, not a right to limit"),
    thirdPartyList: art("no", "Art. 15(1)(c): the recipients are part of an access request"),
    questionProfiling: art("yes", `${automatedDecisions}: human review of, and contesting, an automated decision`),
    restriction: art("yes", "Art. 18"),
    objection: art("yes", "Art. 21"),
    appeal: art("no", "Art. 77: complaint to the supervisory authority instead"),
  };
}

function gdprClocks(regulation: string): Clocks {
  return {
    response: unconfirmed(calendarMonths(1), `${regulation} Art. 12(3)`),
    extension: unconfirmed(calendarMonths(2), `${regulation} Art. 12(3)`),
  };
}

const unitedKingdom: JurisdictionRules = {
  jurisdiction: "GB",
  name: "United Kingdom",
  law: "UK GDPR and DPA 2018, as amended by the Data (Use and Access) Act 2025",
  effectiveFrom: "2021-01-01",
  rights: gdprRights("UK GDPR", "Art. 22C, as the Data (Use and Access) Act 2025 amends it"),
  clocks: gdprClocks("UK GDPR"),
  agents: unconfirmed("all", "third parties with proof of authority (ICO guidance)"),
  minors: unconfirmed({ rule: "opt_in", belowAge: 13 }, "DPA 2018 s.9"),
  timeZone: confirmed("Europe/London", "the United Kingdom's one time zone (IANA tz database)"),
  verification: unconfirmed("gdpr_proportionate", "UK GDPR Art. 11(2), 12(6)"),
  regulator: unconfirmed(
    { name: "the Information Commissioner's Office", url: "https://ico.org.uk/make-a-complaint/" },
    "UK GDPR Art. 77; the ICO's complaint page",
  ),
  refusalNamesRegulator: unconfirmed(true, "UK GDPR Art. 12(4)"),
  judicialRemedy: unconfirmed(true, "UK GDPR Art. 12(4), 79; DPA 2018 s.167"),
  disproportionateEffort: confirmed(true, "UK GDPR Art. 15(1A): a reasonable and proportionate search"),
};

export const europe: JurisdictionRules[] = [
  {
    jurisdiction: "EU",
    name: "European Union",
    law: "GDPR, Regulation (EU) 2016/679",
    effectiveFrom: "2018-05-25",
    rights: gdprRights("GDPR", "Art. 22(3)"),
    clocks: gdprClocks("GDPR"),
    agents: unconfirmed("all", "third parties with proof of authority (EDPB Guidelines 01/2022)"),
    minors: unconfirmed({ rule: "opt_in", belowAge: 16 }, "GDPR Art. 8 (member states may lower it to 13)"),
    // Mainland Portugal and Ireland keep the Union's westernmost clock; the outermost regions are not counted.
    timeZone: unconfirmed("Europe/Lisbon", "the westernmost mainland time zone of the Union (IANA tz database)"),
    verification: unconfirmed("gdpr_proportionate", "GDPR Art. 11(2), 12(6); EDPB Guidelines 01/2022"),
    regulator: unconfirmed(
      {
        name: "the data protection supervisory authority where you live or work",
        url: "https://www.edpb.europa.eu/about-edpb/about-edpb/members_en",
      },
      "GDPR Art. 77; the EDPB's list of member authorities",
    ),
    refusalNamesRegulator: unconfirmed(true, "GDPR Art. 12(4)"),
    judicialRemedy: unconfirmed(true, "GDPR Art. 12(4), 79"),
    disproportionateEffort: unconfirmed(true, "GDPR Art. 12(5): manifestly unfounded or excessive requests"),
  },
  unitedKingdom,
  {
    ...unitedKingdom,
    law: "UK GDPR and DPA 2018, with the Data (Use and Access) Act 2025's complaints duty in force",
    effectiveFrom: "2026-06-19",
    clocks: {
      ...gdprClocks("UK GDPR"),
      complaintAcknowledge: confirmed(
        calendarDays(30),
        "DPA 2018 s.164A, inserted by the Data (Use and Access) Act 2025, in force 2026-06-19",
      ),
    },
  },
];
