import { createHash, timingSafeEqual } from "node:crypto";
import { Temporal } from "temporal-polyfill";
import { strictestPrefix } from "./deadlines.js";
import {
  type Fact,
  governingRules,
  type JurisdictionRules,
  rulesTable,
  type VerificationStandard,
} from "./jurisdictions/index.js";
import { type Jurisdiction, jurisdictions, type Language, type RequestKind } from "./vocabulary.js";

export const verificationLevels = ["none", "email", "basic", "high"] as const;
export type VerificationLevel = (typeof verificationLevels)[number];

/** An access request asks either what kinds of data we hold, or for the data itself. */
export const accessScopes = ["categories", "specific_pieces"] as const;
export type AccessScope = (typeof accessScopes)[number];

/** Facts a requester can tell us that we may hold too, beyond the e-mail address. */
export const dataPointKinds = ["phone", "account_id", "postal_code", "card_last4", "date_of_birth"] as const;
export type DataPointKind = (typeof dataPointKinds)[number];
export type DataPoints = Partial<Record<DataPointKind, string>>;

export interface VerificationNeed {
  level: VerificationLevel;
  /** Data points to match beyond control of the e-mail address. */
  dataPoints: number;
  /** A declaration under penalty of perjury, kept with the request. */
  declaration: boolean;
  /** The rule that set the level, in words a privacy lead can check. */
  basis: string;
}

const need = (level: VerificationLevel, basis: string): VerificationNeed => ({
  level,
  dataPoints: level === "high" ? 3 : level === "basic" ? 2 : 0,
  declaration: level === "high",
  basis,
});

export interface VerifiableRequest {
  kind: RequestKind;
  jurisdiction: Jurisdiction;
  /** ISO date the request arrived, to pick the rules in force. */
  receivedOn: string;
  accessScope?: AccessScope | undefined;
  /** A parent acting for a child also declares the relationship, whatever the level. */
  actingAsParent?: boolean | undefined;
  /** Why no one place's rules apply, when the requester named a place with no law here. */
  residenceNote?: string | undefined;
}

/**
 * How sure we must be of who is asking, with the rule of the request's law as its basis. The company asks for the
 * same data points everywhere (California's tiers, 11 CCR §7062, the most precise of the laws), except that where
 * the law asks only for "commercially reasonable" or proportionate checks, a request for categories needs only
 * control of the e-mail address. Where the residence is unknown, the strictest standard of all applies.
 */
export function verificationNeeded(request: VerifiableRequest): VerificationNeed {
  const need = levelFor(request);
  if (!request.actingAsParent || need.level === "none") return need;
  return { ...need, declaration: true, basis: `${need.basis}; the parent declares the relationship` };
}

interface Requirement {
  level: VerificationLevel;
  what: string;
  /** Where California's regulation sets this tier. */
  ccpaCite: string;
}

/** What each kind of request asks of the requester, in California's tiers, which the company applies everywhere. */
function requirementOf(request: VerifiableRequest, ccpa: boolean): Requirement {
  switch (request.kind) {
    case "opt_out":
    case "limit_sensitive":
      return {
        level: "none",
        what: "an opt-out or limit request needs no identity verification",
        ccpaCite: "11 CCR §7026, §7027",
      };
    case "opt_in":
      // Lifting an opt-out is the one choice an impostor could turn against the person, so it is confirmed apart.
      return {
        level: "email",
        what: "an opt-in after an opt-out is confirmed in a second, separate step, from the e-mail address",
        ccpaCite: "11 CCR §7028(a)",
      };
    case "objection":
      // Like an opt-out, an objection only stops a use of the data: an impostor gains nothing by it. (One to direct
      // marketing is the opt-out of targeted advertising; this is Art. 21(1)'s, which a reviewer weighs.)
      return {
        level: "none",
        what: "an objection, like an opt-out, only stops a use of data and needs no identity verification",
        ccpaCite: "11 CCR §7026",
      };
    case "restriction":
      return {
        level: "basic",
        what: "a restriction, like a deletion, needs 2 data points",
        ccpaCite: "11 CCR §7062(d)",
      };
    case "question_profiling":
      return {
        level: "basic",
        what: "questioning a profiling result shows the data it used and may correct it: 2 data points",
        ccpaCite: "11 CCR §7060(h), §7062(b)",
      };
    case "third_party_list":
      // Who received the data reveals no data itself: it is verified like a request for categories.
      return ccpa
        ? { level: "basic", what: "a list of third parties needs 2 data points", ccpaCite: "11 CCR §7062(b)" }
        : { level: "email", what: "a list of third parties needs control of the e-mail address", ccpaCite: "" };
    case "correction":
      return {
        level: "basic",
        what: "a correction needs 2 data points other than those being corrected",
        ccpaCite: "11 CCR §7060(h), §7062(b)",
      };
    case "deletion":
      return { level: "basic", what: "a deletion needs 2 data points", ccpaCite: "11 CCR §7062(d)" };
    case "portability":
      return {
        level: "high",
        what: "a copy of specific pieces needs 3 data points and a signed declaration",
        ccpaCite: "11 CCR §7062(c)",
      };
    case "access":
      if (request.accessScope !== "categories") {
        return {
          level: "high",
          what: "specific pieces of data need 3 data points and a signed declaration",
          ccpaCite: "11 CCR §7062(c)",
        };
      }
      return ccpa
        ? { level: "basic", what: "categories of data need 2 data points", ccpaCite: "11 CCR §7062(b)" }
        : { level: "email", what: "categories of data need control of the e-mail address", ccpaCite: "" };
  }
}

function levelFor(request: VerifiableRequest): VerificationNeed {
  const { standard, law } = standardFor(request);
  const ccpa = standard.value === "ccpa_tiers";
  const { level, what, ccpaCite } = requirementOf(request, ccpa);
  if (ccpa) return need(level, `${law}${what} (${ccpaCite})`);
  if (level === "none") return need(level, `${law}${what} (${standard.cite})`);
  return need(level, `${law}${what}, the company's measure of ${standardWords[standard.value]} (${standard.cite})`);
}

const standardWords: Record<VerificationStandard, string> = {
  ccpa_tiers: "California's tiers of certainty",
  commercially_reasonable: "commercially reasonable authentication",
  gdpr_proportionate: "a proportionate check where identity is in reasonable doubt",
};

/** The standard of the request's law, and the words that begin its basis (which law, or that none is known). */
function standardFor(request: VerifiableRequest): { standard: Fact<VerificationStandard>; law: string } {
  const rows = governingRules(request.jurisdiction, request.receivedOn);
  if (request.jurisdiction === "other") {
    const strictest = rows.find((row) => row.verification.value === "ccpa_tiers") ?? rows[0];
    if (!strictest) throw new Error("The rules table has no row in force.");
    return { standard: strictest.verification, law: strictestPrefix(request.residenceNote) };
  }
  const row = rows[0];
  if (!row) {
    // A state whose law was not yet in force: the company still answers, to its own commercially reasonable standard.
    return {
      standard: { value: "commercially_reasonable", cite: "company policy", confirmed: true },
      law: `${request.jurisdiction}, no privacy law in force yet: `,
    };
  }
  return { standard: row.verification, law: `${row.name}: ` };
}

/** What a correction touches cannot prove who is asking for it (11 CCR §7060(h)). */
export function dataPointsTouchedBy(corrections: { field: string }[] | null | undefined): DataPointKind[] {
  const touched = new Set<DataPointKind>();
  for (const { field } of corrections ?? []) {
    const name = field.toLowerCase();
    if (/phone|mobile|tel/.test(name)) touched.add("phone");
    if (/zip|postal|post code|address/.test(name)) touched.add("postal_code");
    if (/birth|dob/.test(name)) touched.add("date_of_birth");
    if (/card/.test(name)) touched.add("card_last4");
    if (/account/.test(name)) touched.add("account_id");
  }
  return [...touched];
}

/** One spelling per fact, so "+1 (415) 555-0100" matches "415.555.0100" and "sw1a 1aa" matches "SW1A1AA". */
export function normalizeDataPoint(kind: DataPointKind, value: string): string {
  const trimmed = value.trim();
  switch (kind) {
    case "phone": {
      const digits = trimmed.replace(/\D/g, "");
      return digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
    }
    case "postal_code": {
      const compact = trimmed.toUpperCase().replace(/[\s-]/g, "");
      return /^\d{9}$/.test(compact) ? compact.slice(0, 5) : compact;
    }
    case "card_last4":
      return trimmed.replace(/\D/g, "").slice(-4);
    case "date_of_birth": {
      const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
      if (us) return `${us[3]}-${us[1]?.padStart(2, "0")}-${us[2]?.padStart(2, "0")}`;
      return trimmed;
    }
    case "account_id":
      return trimmed.toLowerCase();
  }
}

/**
 * Whether a date of birth (as normalised) is one a person can have: a real calendar day, not in the future, and
 * within a human lifetime of `today` (ISO date).
 */
export function isPossibleDateOfBirth(normalised: string, today: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(normalised)) return false;
  try {
    const date = Temporal.PlainDate.from(normalised, { overflow: "reject" });
    const earliest = Temporal.PlainDate.from(today).subtract({ years: 130 });
    return Temporal.PlainDate.compare(date, earliest) >= 0 && normalised <= today;
  } catch {
    return false;
  }
}

/**
 * The kinds of data point on which the answers match any record held for the subject, leaving out the excluded
 * ones. Every given answer is compared against every record in constant time, so the time taken says nothing
 * about which answer matched.
 */
export function matchingDataPoints(
  answers: DataPoints,
  records: DataPoints[],
  excluded: readonly DataPointKind[] = [],
): DataPointKind[] {
  const matched: DataPointKind[] = [];
  for (const kind of dataPointKinds) {
    const answer = answers[kind];
    if (answer === undefined || excluded.includes(kind)) continue;
    const given = fingerprint(normalizeDataPoint(kind, answer));
    let found = false;
    for (const record of records) {
      const held = record[kind];
      const same = timingSafeEqual(fingerprint(held ? normalizeDataPoint(kind, held) : ""), given);
      found = (same && held !== undefined && held !== "") || found;
    }
    if (found && answer.trim() !== "") matched.push(kind);
  }
  return matched;
}

const fingerprint = (value: string) => createHash("sha256").update(value).digest();

/**
 * The declaration a requester affirms for the highest level, kept with the request, in the request's language. In
 * California, under penalty of perjury under its laws (11 CCR §7062(c)); in the US elsewhere, under penalty of
 * perjury. Under the GDPR and the UK GDPR checks must be proportionate (Art. 12(6)) and there is no perjury
 * declaration: a plain statement that the requester is who they say.
 */
export function declarationText(
  jurisdiction: Jurisdiction,
  actingAsParent: boolean,
  language: Language = "en",
): string {
  const words = declarations[language];
  const who = actingAsParent ? words.parent : words.self;
  if (jurisdiction === "EU" || jurisdiction === "GB") return words.plain(who);
  return words.perjury(jurisdiction === "US-CA" ? words.california : "", who);
}

const declarations: Record<
  Language,
  {
    self: string;
    parent: string;
    california: string;
    perjury(law: string, who: string): string;
    plain(who: string): string;
  }
> = {
  en: {
    self: "the consumer whose personal information is the subject of this request",
    parent:
      "the parent or legal guardian of the consumer whose personal information is the subject of this request, and that I may act for them",
    california: " under the laws of the State of California",
    perjury: (law, who) => `I declare under penalty of perjury${law} that I am ${who}.`,
    plain: (who) =>
      `I confirm that I am ${who.replace("the consumer", "the person")}, and that what I have given is true.`,
  },
  es: {
    self: "el consumidor cuya información personal es objeto de esta solicitud",
    parent:
      "el padre, la madre o el tutor legal del consumidor cuya información personal es objeto de esta solicitud, y que puedo actuar en su nombre",
    california: " conforme a las leyes del Estado de California",
    perjury: (law, who) => `Declaro bajo pena de perjurio${law} que soy ${who}.`,
    plain: (who) =>
      `Confirmo que soy ${who.replace("el consumidor", "la persona")}, y que lo que he indicado es cierto.`,
  },
};

/**
 * The days after receipt before an unverified request may be closed: the company's setting, but never before the
 * law of the request lets it (California lets the 45-day period run, 11 CCR §7021(b)); for an unknown residence, the
 * latest of every law's, so no consumer of any of them is closed early.
 */
export function unverifiedCloseDays(jurisdiction: Jurisdiction, receivedOn: string, companyDays: number): number {
  const floors = governingRules(jurisdiction, receivedOn).map((row) => row.unverifiedCloseFloorDays?.value ?? 0);
  return Math.max(companyDays, ...floors);
}

/**
 * The same for every jurisdiction whose law holds a request open longer than the company would, over every row of
 * its rules, for a sweep that picks the requests due in one query.
 */
export function unverifiedCloseFloors(companyDays: number): { jurisdiction: Jurisdiction; days: number }[] {
  const floorOf = (rows: readonly JurisdictionRules[]) =>
    Math.max(companyDays, ...rows.map((row) => row.unverifiedCloseFloorDays?.value ?? 0));
  return jurisdictions
    .map((jurisdiction) => ({
      jurisdiction,
      days: floorOf(
        jurisdiction === "other" ? rulesTable : rulesTable.filter((row) => row.jurisdiction === jurisdiction),
      ),
    }))
    .filter((floor) => floor.days > companyDays);
}
