import { Temporal } from "temporal-polyfill";
import {
  addBusinessDays,
  addCalendarDays,
  addCalendarMonths,
  type CalendarDate,
  receiptDate as receiptDateIn,
} from "./calendar.js";
import { type Clock, type Fact, governingRules, type JurisdictionRules } from "./jurisdictions/index.js";
import { lawGrants } from "./rights.js";
import type { Jurisdiction, RequestKind } from "./vocabulary.js";

export const clockNames = [
  "acknowledge",
  "company_promise",
  "statutory_response",
  "opt_out",
  "limit_sensitive",
  "extension_limit",
  "forward_to_controller",
] as const;
export type ClockName = (typeof clockNames)[number];

/** One clock of a request: when it runs out, and in words a privacy lead can check, which rule set it. */
export interface DueClock {
  name: ClockName;
  dueOn: string;
  basis: string;
}

export interface Deadlines {
  receiptDate: string;
  /** The last day an extension may be announced (the original statutory deadline), where the law allows one. */
  extensionNoticeBy?: string;
  /** The earliest of the company promise and every statutory clock that binds this kind of request there. */
  respondBy: string;
  respondByBasis: string;
  clocks: DueClock[];
  /** Which versions of the rules table set these clocks, e.g. "US-CT@2026-07-01", for the audit trail. */
  rulesVersion: string;
}

export interface CompanyPolicy {
  timeZone: string;
  responsePromiseDays: number;
}

export interface RequestTiming {
  kind: RequestKind;
  jurisdiction: Jurisdiction;
  receivedAt: Date;
  /** Why no one place's rules apply, when the requester named a place with no law here (see `resolveResidence`). */
  residenceNote?: string | undefined;
}

/** Clocks that answer the request itself, as opposed to acknowledging it or bounding an extension. */
const respondingClocks: ReadonlySet<ClockName> = new Set([
  "company_promise",
  "statutory_response",
  "opt_out",
  "limit_sensitive",
]);

/**
 * Every clock of a request. They depend on the day of receipt, not the hour, so each day's answer for a kind and a
 * jurisdiction is worked out once and shared (frozen, so no caller can change it for the next).
 */
export function computeDeadlines(request: RequestTiming, policy: CompanyPolicy): Deadlines {
  const receipt = receiptOf(request, policy);
  const key = [
    request.kind,
    request.jurisdiction,
    request.residenceNote ?? "",
    receipt.date,
    receipt.readIn ?? "",
    policy.timeZone,
    policy.responsePromiseDays,
  ].join("|");
  let deadlines = sameDay.get(key);
  if (!deadlines) {
    deadlines = deepFreeze(deadlinesOn(receipt, request, policy));
    if (sameDay.size >= 4096) sameDay.delete(sameDay.keys().next().value as string);
    sameDay.set(key, deadlines);
  }
  return deadlines;
}

const sameDay = new Map<string, Deadlines>();

interface Receipt {
  date: CalendarDate;
  /** The zone of the law that dated it, where that date is earlier than the company's own. */
  readIn?: string;
}

/**
 * Day 0 of every clock: the earlier of the receipt's date in the company's zone and in the zone of the request's law
 * (of every law, where the residence is unknown), so no clock runs later than a local reading of the law would.
 */
function receiptOf(request: RequestTiming, policy: CompanyPolicy): Receipt {
  const companyDate = receiptDateIn(request.receivedAt, policy.timeZone);
  let earliest: Receipt = { date: companyDate };
  for (const row of governingRules(request.jurisdiction, companyDate.toString())) {
    const local = receiptDateIn(request.receivedAt, row.timeZone.value);
    if (Temporal.PlainDate.compare(local, earliest.date) < 0) earliest = { date: local, readIn: row.timeZone.value };
  }
  return earliest;
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner && typeof inner === "object") deepFreeze(inner);
  return Object.freeze(value);
}

function deadlinesOn({ date: receipt, readIn }: Receipt, request: RequestTiming, policy: CompanyPolicy): Deadlines {
  const rows = governingRules(request.jurisdiction, receipt.toString());
  const candidates: Candidate[] = [
    {
      name: "company_promise",
      dueOn: addCalendarDays(receipt, policy.responsePromiseDays),
      basis: `Company promise: ${policy.responsePromiseDays} calendar days to respond to every request`,
    },
    ...rows.flatMap((row) => statutoryClocks(row, request.kind, receipt)),
  ];
  const dated = readIn
    ? `; received on ${receipt.toString()} as dated in ${readIn}, earlier than the company's zone`
    : "";
  const clocks = earliestPerName(
    candidates,
    request.jurisdiction === "other" ? strictestPrefix(request.residenceNote) : undefined,
  ).map((clock) => (dated ? { ...clock, basis: `${clock.basis}${dated}` } : clock));
  const respondBy = clocks
    .filter((clock) => respondingClocks.has(clock.name))
    .reduce((earliest, clock) => (clock.dueOn < earliest.dueOn ? clock : earliest));
  const statutory = clocks.find((clock) => clock.name === "statutory_response");
  const extensible = clocks.some((clock) => clock.name === "extension_limit");
  return {
    receiptDate: receipt.toString(),
    respondBy: respondBy.dueOn,
    respondByBasis: respondBy.basis,
    rulesVersion: rows.map((row) => `${row.jurisdiction}@${row.effectiveFrom}`).join(" ") || "none",
    ...(statutory && extensible ? { extensionNoticeBy: statutory.dueOn } : {}),
    clocks,
  };
}

interface Candidate {
  name: ClockName;
  dueOn: CalendarDate;
  basis: string;
}

function statutoryClocks(row: JurisdictionRules, kind: RequestKind, receipt: CalendarDate): Candidate[] {
  // An opt-in gives consent back, and a right this law does not grant is the company's gift: no law sets a clock
  // for either, so only the company's promise binds.
  if (kind === "opt_in" || !lawGrants(row, kind)) return [];
  const { clocks } = row;
  const candidate = (name: ClockName, fact: Fact<Clock>, purpose: string): Candidate => ({
    name,
    dueOn: addClock(receipt, fact.value),
    basis: describe(row, fact, `${describeClock(fact.value)} ${purpose}`),
  });
  const found: Candidate[] = [candidate("statutory_response", clocks.response, "to respond")];
  // CA: opt-out and limit requests need no acknowledgement (11 CCR §7026, §7027); every other request does.
  const isOptOutLike = kind === "opt_out" || kind === "limit_sensitive";
  if (clocks.acknowledge && !isOptOutLike) found.push(candidate("acknowledge", clocks.acknowledge, "to acknowledge"));
  if (clocks.optOut && kind === "opt_out") found.push(candidate("opt_out", clocks.optOut, "for opt-out"));
  if (clocks.limitSensitive && kind === "limit_sensitive") {
    found.push(candidate("limit_sensitive", clocks.limitSensitive, "to limit use of sensitive data"));
  }
  if (clocks.extension) {
    const response = clocks.response.value;
    const extension = clocks.extension.value;
    found.push({
      name: "extension_limit",
      dueOn:
        response.unit === extension.unit
          ? addClock(receipt, { unit: response.unit, amount: response.amount + extension.amount })
          : addClock(addClock(receipt, response), extension),
      basis: describe(
        row,
        clocks.extension,
        `${describeClock(response)} plus an extension of ${describeClock(extension)} at most`,
      ),
    });
  }
  return found;
}

/** How a basis begins when the strictest rule of all applies: because the residence is unknown, or has no law here. */
export function strictestPrefix(residenceNote: string | undefined): string {
  return `${residenceNote ?? "Residence unknown"}, strictest rule applies: `;
}

function earliestPerName(candidates: Candidate[], strictestOfAll: string | undefined): DueClock[] {
  const earliest = new Map<ClockName, Candidate>();
  for (const candidate of candidates) {
    const current = earliest.get(candidate.name);
    if (!current || Temporal.PlainDate.compare(candidate.dueOn, current.dueOn) < 0) {
      earliest.set(candidate.name, candidate);
    }
  }
  return clockNames.flatMap((name) => {
    const clock = earliest.get(name);
    if (!clock) return [];
    const isStatutory = name !== "company_promise";
    const basis = strictestOfAll && isStatutory ? `${strictestOfAll}${clock.basis}` : clock.basis;
    return [{ name, dueOn: clock.dueOn.toString(), basis }];
  });
}

export function addClock(date: CalendarDate, clock: Clock): CalendarDate {
  switch (clock.unit) {
    case "calendar_days":
      return addCalendarDays(date, clock.amount);
    case "business_days":
      return addBusinessDays(date, clock.amount);
    case "calendar_months":
      return addCalendarMonths(date, clock.amount);
  }
}

function describeClock(clock: Clock): string {
  const unit = clock.unit.replace("_", " ");
  return `${clock.amount} ${clock.amount === 1 ? unit.replace(/s$/, "") : unit}`;
}

function describe(row: JurisdictionRules, fact: Fact<unknown>, what: string): string {
  return `${row.jurisdiction}: ${what}, ${fact.cite}${fact.confirmed ? "" : " (unconfirmed)"}`;
}
