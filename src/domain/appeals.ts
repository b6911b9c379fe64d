import { addCalendarDays, receiptDate } from "./calendar.js";
import { addClock } from "./deadlines.js";
import { type Clock, calendarDays, governingRules } from "./jurisdictions/index.js";
import type { Jurisdiction } from "./vocabulary.js";

export interface AppealClock {
  dueOn: string;
  basis: string;
}

/** The company's default where the law sets no appeal clock: 45 days meets every state's without an extension. */
const safeDefault: Clock = calendarDays(45);

/**
 * When an appeal must be answered, counted from its own receipt: the state's appeal clock under the rules that
 * governed the request (the strictest of all for an unknown residence), or 45 days where the law sets none.
 */
export function appealClock(
  jurisdiction: Jurisdiction,
  requestReceivedOn: string,
  appealReceivedAt: Date,
  timeZone: string,
): AppealClock {
  const receipt = receiptDate(appealReceivedAt, timeZone);
  const statutory = governingRules(jurisdiction, requestReceivedOn)
    .flatMap((row) => (row.clocks.appealResponse ? [{ row, fact: row.clocks.appealResponse }] : []))
    .map(({ row, fact }) => ({
      dueOn: addClock(receipt, fact.value).toString(),
      basis: `${row.jurisdiction}: ${fact.value.amount} calendar days to answer an appeal, ${fact.cite}${fact.confirmed ? "" : " (unconfirmed)"}`,
    }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
  if (statutory) return statutory;
  return {
    dueOn: addClock(receipt, safeDefault).toString(),
    basis: "No statutory appeal clock: 45 calendar days, the company's default, which meets every state's appeal clock",
  };
}

/** The last day a refusal may be appealed: the company's window, counted from the day the decision went out. */
export function appealWindowCloses(decidedAt: Date, timeZone: string, windowDays: number): string {
  return addCalendarDays(receiptDate(decidedAt, timeZone), windowDays).toString();
}
