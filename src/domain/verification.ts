import { createHash, timingSafeEqual } from "node:crypto";
import type { Jurisdiction, RequestKind } from "./vocabulary.js";

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
  accessScope?: AccessScope | undefined;
  /** A parent acting for a child also declares the relationship, whatever the level. */
  actingAsParent?: boolean | undefined;
}

/**
 * How sure we must be of who is asking. California's regulations (11 CCR §7062) are the most precise and apply
 * where residence is unknown; elsewhere the laws ask for "commercially reasonable" authentication, for which the
 * company uses the same tiers, except that a request for categories only needs control of the e-mail address.
 */
export function verificationNeeded(request: VerifiableRequest): VerificationNeed {
  const need = levelFor(request);
  if (!request.actingAsParent || need.level === "none") return need;
  return { ...need, declaration: true, basis: `${need.basis}; the parent declares the relationship` };
}

function levelFor(request: VerifiableRequest): VerificationNeed {
  const californian = request.jurisdiction === "US-CA" || request.jurisdiction === "other";
  switch (request.kind) {
    case "opt_out":
    case "limit_sensitive":
      return need(
        "none",
        "Opt-out and limit requests need no identity verification (11 CCR §7026, §7027; VA-model laws)",
      );
    case "correction":
      return need("basic", "Correction: 2 data points other than those being corrected (11 CCR §7060(h), §7062(b))");
    case "deletion":
      return need("basic", "Deletion: a reasonable degree of certainty, 2 data points (11 CCR §7062(d))");
    case "portability":
      return need("high", "Copy of specific pieces: 3 data points and a signed declaration (11 CCR §7062(c))");
    case "access":
      if (request.accessScope === "categories") {
        return californian
          ? need("basic", "Categories of data: a reasonable degree of certainty, 2 data points (11 CCR §7062(b))")
          : need("email", "Categories of data: commercially reasonable authentication, control of the e-mail address");
      }
      return need("high", "Specific pieces of data: 3 data points and a signed declaration (11 CCR §7062(c))");
  }
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

/** The declaration a requester affirms for the highest level, kept with the request (11 CCR §7062(c)). */
export function declarationText(jurisdiction: Jurisdiction, actingAsParent: boolean): string {
  const law = jurisdiction === "US-CA" ? " under the laws of the State of California" : "";
  const who = actingAsParent
    ? "the parent or legal guardian of the consumer whose personal information is the subject of this request, and that I may act for them"
    : "the consumer whose personal information is the subject of this request";
  return `I declare under penalty of perjury${law} that I am ${who}.`;
}
