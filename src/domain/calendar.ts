import { allForYear } from "@18f/us-federal-holidays";
import { Temporal } from "temporal-polyfill";

export type CalendarDate = Temporal.PlainDate;

/**
 * The calendar date on which an instant falls in the business's time zone: day 0 of every clock. The day last asked
 * about in each zone is remembered with its bounds, since most instants asked about fall on it.
 */
export function receiptDate(receivedAt: Date, timeZone: string): CalendarDate {
  const at = receivedAt.getTime();
  const known = lastDay.get(timeZone);
  if (known && at >= known.start && at < known.end) return known.date;
  const date = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone).toPlainDate();
  const start = date.toZonedDateTime(timeZone).epochMilliseconds;
  const end = date.add({ days: 1 }).toZonedDateTime(timeZone).epochMilliseconds;
  lastDay.set(timeZone, { date, start, end });
  return date;
}

const lastDay = new Map<string, { date: CalendarDate; start: number; end: number }>();

/** Whether a day (ISO date) is over at an instant, in the business's time zone: a deadline missed, a window closed. */
export function isDayOver(day: string, at: Date, timeZone: string): boolean {
  return receiptDate(at, timeZone).toString() > day;
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
  return date.dayOfWeek < 6 && !federalHolidaysObservedIn(date.year).has(date.toString());
}

const observedByYear = new Map<number, ReadonlySet<string>>();

/**
 * The observed dates falling in a year, memoised: the library rebuilds a year's list on every call, which made
 * business-day clocks the slowest part of intake. A New Year's Day on a Saturday is observed on 31 December
 * of the year before, so the next year's list is read too.
 */
function federalHolidaysObservedIn(year: number): ReadonlySet<string> {
  let observed = observedByYear.get(year);
  if (!observed) {
    const shift = { shiftSaturdayHolidays: true, shiftSundayHolidays: true };
    observed = new Set(
      [...allForYear(year, shift), ...allForYear(year + 1, shift)]
        // dateString ("2027-12-31", unpadded as "2028-1-17") does not depend on the machine's time zone.
        .map((holiday) => holiday.dateString.replace(/-(\d)(?=-|$)/g, "-0$1"))
        .filter((iso) => iso.startsWith(`${year}-`)),
    );
    observedByYear.set(year, observed);
  }
  return observed;
}

/** The Nth business day after (or, negative, before) the given date; the date itself never counts. */
export function addBusinessDays(date: CalendarDate, days: number): CalendarDate {
  const step = Math.sign(days);
  let current = date;
  let counted = 0;
  while (counted < Math.abs(days)) {
    current = current.add({ days: step });
    if (isBusinessDay(current)) counted += 1;
  }
  return current;
}

/** The instant `days` calendar days after (or, negative, before) another, in the business's time zone (DST-aware). */
export function addDaysToInstant(instant: Date, days: number, timeZone: string): Date {
  const moved = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone).add({ days });
  return new Date(moved.epochMilliseconds);
}

/** The instant `months` calendar months before another, in the business's time zone. */
export function subtractMonthsFromInstant(instant: Date, months: number, timeZone: string): Date {
  const moved = Temporal.Instant.fromEpochMilliseconds(instant.getTime())
    .toZonedDateTimeISO(timeZone)
    .subtract({ months });
  return new Date(moved.epochMilliseconds);
}

/** The instant `hours` hours after another: elapsed time, whatever the clocks on the wall say. */
export function addHoursToInstant(instant: Date, hours: number): Date {
  return new Date(Temporal.Instant.fromEpochMilliseconds(instant.getTime()).add({ hours }).epochMilliseconds);
}

/** The instant a calendar day (ISO date) begins in the business's time zone. */
export function startOfDay(day: string, timeZone: string): Date {
  return new Date(Temporal.PlainDate.from(day).toZonedDateTime(timeZone).epochMilliseconds);
}

/** The instant a calendar day (ISO date) ends in the business's time zone: when the next one begins. */
export function endOfDay(day: string, timeZone: string): Date {
  return startOfDay(Temporal.PlainDate.from(day).add({ days: 1 }).toString(), timeZone);
}

/** The locale each page language writes dates in. */
const locales = { en: "en-US", es: "es-US" } as const;
type Locale = keyof typeof locales;

const dayWords = {
  en: new Intl.DateTimeFormat(locales.en, { dateStyle: "full", timeZone: "UTC" }),
  es: new Intl.DateTimeFormat(locales.es, { dateStyle: "full", timeZone: "UTC" }),
};

/** A calendar day (ISO date) as people read it: "Sunday, December 20, 2026", or "domingo, 20 de diciembre de 2026". */
export function readableDay(day: string, language: Locale = "en"): string {
  return dayWords[language].format(new Date(`${day}T00:00:00Z`));
}

/** An instant as people read it in the business's time zone: "November 20, 2026 at 10:00 AM EST". */
export function readableInstant(instant: Date, timeZone: string, language: Locale = "en"): string {
  return new Intl.DateTimeFormat(locales[language], {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(instant);
}
