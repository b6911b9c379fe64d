import { isAHoliday } from "@18f/us-federal-holidays";
import { Temporal } from "temporal-polyfill";

export type CalendarDate = Temporal.PlainDate;

/** The calendar date on which an instant falls in the business's time zone: day 0 of every clock. */
export function receiptDate(receivedAt: Date, timeZone: string): CalendarDate {
  return Temporal.Instant.fromEpochMilliseconds(receivedAt.getTime()).toZonedDateTimeISO(timeZone).toPlainDate();
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return date.add({ days });
}

/** Same day N months later; when that month is shorter, its last day (EDPB and ICO practice for "one month"). */
export function addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
  return date.add({ months }, { overflow: "constrain" });
}

/**
 * Monday to Friday, less the eleven federal holidays of 5 U.S.C. 6103 on their observed weekday
 * (Saturday holidays on the Friday before, Sunday holidays on the Monday after).
 */
export function isBusinessDay(date: CalendarDate): boolean {
  if (date.dayOfWeek >= 6) return false;
  const asUtcMidnight = new Date(Date.UTC(date.year, date.month - 1, date.day));
  return !isAHoliday(asUtcMidnight, { shiftSaturdayHolidays: true, shiftSundayHolidays: true, utc: true });
}

/** The Nth business day after the given date; the date itself never counts. */
export function addBusinessDays(date: CalendarDate, days: number): CalendarDate {
  let current = date;
  let counted = 0;
  while (counted < days) {
    current = current.add({ days: 1 });
    if (isBusinessDay(current)) counted += 1;
  }
  return current;
}
