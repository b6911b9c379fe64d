import type { CalendarDate } from "./calendar.js";
import type { Jurisdiction } from "./vocabulary.js";

/** The span of time an access reply covers: from a day (or everything held), up to the day the request arrived. */
export interface AccessPeriod {
  /** The first day covered; absent when the reply covers all the data held. */
  from?: string;
  to: string;
  basis: string;
}

/** California's right to know reaches back past 12 months, to data collected on or after this day. */
const californiaReachesBackTo = "2022-01-01";

/**
 * What an access reply covers for a request received on `receivedOn`. California: back to 2022-01-01 (Cal. Civ.
 * Code §1798.130(a)(2)(B)); the GDPR and UK GDPR: every piece of data held (Art. 15); elsewhere, and by the
 * company's policy wherever a law is silent, the 12 months before the request (as NJ §56:8-166.7 says outright).
 */
export function accessPeriod(jurisdiction: Jurisdiction, receivedOn: CalendarDate): AccessPeriod {
  const to = receivedOn.toString();
  if (jurisdiction === "US-CA") {
    return {
      from: californiaReachesBackTo,
      to,
      basis: "data collected since 2022-01-01, Cal. Civ. Code §1798.130(a)(2)(B)",
    };
  }
  if (jurisdiction === "EU" || jurisdiction === "GB") {
    return { to, basis: "all the personal data we hold about you, GDPR Art. 15" };
  }
  return { from: receivedOn.subtract({ months: 12 }).toString(), to, basis: "the 12 months before your request" };
}
