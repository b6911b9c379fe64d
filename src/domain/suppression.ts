import type { OptOutScope } from "./vocabulary.js";

/** The identifiers a person is known by in the company's systems, and so by which a choice of theirs is found. */
export const subjectIdentifierTypes = ["email", "phone", "account_id"] as const;
export type SubjectIdentifierType = (typeof subjectIdentifierTypes)[number];

/**
 * What a person's choice covers: `deleted` (their data was deleted: do not add it again), or a use they opted out
 * of, the opt-out scopes and the use of sensitive data (Cal. Civ. Code §1798.121).
 */
export const suppressionScopes = [
  "deleted",
  "sale",
  "sharing",
  "targeted_advertising",
  "profiling",
  "sensitive_data",
] as const;
export type SuppressionScope = (typeof suppressionScopes)[number];

/** A scope is suppressed (deleted, opted out) until a later opt-in, which lifts it; a deletion is never lifted. */
export const suppressionStates = ["suppressed", "opted_in"] as const;
export type SuppressionState = (typeof suppressionStates)[number];

/** The scopes a later opt-in may lift: every use, never a deletion. */
export const optInScopes = suppressionScopes.filter((scope) => scope !== "deleted") as Exclude<
  SuppressionScope,
  "deleted"
>[];

/** What an opt-in request gives back consent to: the sale and sharing of the subject's data (11 CCR §7028). */
export const scopesOfOptInRequest: SuppressionScope[] = ["sale", "sharing"];

/** The scopes an opt-out request covers: those asked for, or all four uses when none were named. */
export function scopesOfOptOut(scopes: readonly OptOutScope[] | null | undefined): SuppressionScope[] {
  return scopes?.length ? [...scopes] : ["sale", "sharing", "targeted_advertising", "profiling"];
}

/**
 * An identifier as the company's systems may hold it, made comparable: e-mail addresses without case, phone numbers
 * as their digits (a US country code dropped), account ids without case, as verification compares them.
 */
export function normaliseIdentifier(type: SubjectIdentifierType, value: string): string {
  const trimmed = value.trim();
  if (type === "phone") {
    const digits = trimmed.replace(/\D/g, "");
    return digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  }
  return trimmed.toLowerCase();
}
