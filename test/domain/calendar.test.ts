import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { addBusinessDays, addCalendarMonths, isBusinessDay, receiptDate } from "../../src/domain/calendar.js";

const day = (iso: string) => Temporal.PlainDate.from(iso);

describe("receipt date in the business time zone", () => {
  it.each([
    ["2026-11-20T15:00:00Z", "America/New_York", "2026-11-20"],
    ["2026-11-21T04:59:59Z", "America/New_York", "2026-11-20"],
    ["2026-11-21T05:00:00Z", "America/New_York", "2026-11-21"],
    // Spring forward: 23:30 EST on 7 March, then 03:30 EDT on 8 March.
    ["2026-03-08T04:30:00Z", "America/New_York", "2026-03-07"],
    ["2026-03-08T07:30:00Z", "America/New_York", "2026-03-08"],
    // Fall back: 23:59 EDT on 31 October, then 00:30 EDT on 1 November (still daylight time until 02:00).
    ["2026-11-01T03:59:00Z", "America/New_York", "2026-10-31"],
    ["2026-11-01T04:30:00Z", "America/New_York", "2026-11-01"],
    ["2026-11-01T07:30:00Z", "America/Los_Angeles", "2026-11-01"],
    ["2026-11-20T23:30:00Z", "Europe/London", "2026-11-20"],
    ["2026-11-20T23:30:00Z", "Europe/Berlin", "2026-11-21"],
  ])("%s in %s is %s", (instant, zone, expected) => {
    expect(receiptDate(new Date(instant), zone).toString()).toBe(expected);
  });
});

describe("business days: weekdays less the eleven federal holidays, on their observed day", () => {
  it.each([
    ["2026-11-26", false, "Thanksgiving"],
    ["2026-11-27", true, "the day after Thanksgiving is not a federal holiday"],
    ["2026-12-25", false, "Christmas on a Friday"],
    ["2026-07-03", false, "Independence Day on a Saturday is observed on Friday"],
    ["2026-07-04", false, "a Saturday"],
    ["2027-12-24", false, "Christmas on a Saturday is observed on Friday 24th"],
    ["2027-12-31", false, "New Year's Day 2028 on a Saturday is observed on Friday 31st"],
    ["2028-01-03", true, "the Monday after"],
    ["2027-07-05", false, "Independence Day on a Sunday is observed on Monday"],
    ["2026-06-19", false, "Juneteenth"],
    ["2026-10-12", false, "Columbus Day"],
    ["2026-11-11", false, "Veterans Day"],
    ["2026-01-19", false, "Birthday of Martin Luther King, Jr."],
    ["2026-02-16", false, "Washington's Birthday"],
    ["2026-05-25", false, "Memorial Day"],
    ["2026-09-07", false, "Labor Day"],
    ["2029-01-20", false, "a Saturday; Inauguration Day is not one of the eleven"],
    ["2029-01-22", true, "Monday after an Inauguration Day"],
    ["2026-12-24", true, "Christmas Eve is not a federal holiday"],
  ])("%s is a business day: %s (%s)", (date, expected) => {
    expect(isBusinessDay(day(date))).toBe(expected);
  });

  it.each([
    ["2026-11-20", 10, "2026-12-07", "across Thanksgiving"],
    ["2026-11-20", 15, "2026-12-14", "15 days across Thanksgiving"],
    ["2026-11-25", 1, "2026-11-27", "the Wednesday before Thanksgiving"],
    ["2026-12-18", 10, "2027-01-05", "year end: Christmas and New Year's Day on Fridays"],
    ["2027-12-22", 10, "2028-01-07", "year end with both holidays observed on the Fridays before"],
    ["2026-11-21", 1, "2026-11-23", "a Saturday receipt counts from Monday"],
    ["2026-11-20", 0, "2026-11-20", "zero days"],
    ["2026-12-14", -5, "2026-12-07", "back five days"],
    ["2026-11-30", -3, "2026-11-24", "back across Thanksgiving and a weekend"],
    ["2027-01-05", -2, "2026-12-31", "back across New Year's Day and a weekend"],
  ])("%s + %i business days = %s (%s)", (from, days, expected) => {
    expect(addBusinessDays(day(from), days).toString()).toBe(expected);
  });
});

describe("calendar months: the same day, or the last day of a shorter month", () => {
  it.each([
    ["2027-01-31", 1, "2027-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2027-01-30", 1, "2027-02-28"],
    ["2027-03-31", 1, "2027-04-30"],
    ["2026-11-20", 1, "2026-12-20"],
    ["2026-12-31", 2, "2027-02-28"],
    ["2027-01-31", 3, "2027-04-30"],
    ["2026-08-31", 1, "2026-09-30"],
  ])("%s + %i months = %s", (from, months, expected) => {
    expect(addCalendarMonths(day(from), months).toString()).toBe(expected);
  });
});
