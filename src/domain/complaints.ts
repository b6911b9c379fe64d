import { addCalendarDays, type CalendarDate } from "./calendar.js";
import { rulesInEffect } from "./jurisdictions/index.js";
import type { Jurisdiction } from "./vocabulary.js";

/** A complaint is open until the team sends its final answer; a deadlock letter does not close it. */
export const complaintStatuses = ["open", "answered"] as const;
export type ComplaintStatus = (typeof complaintStatuses)[number];

export const complaintOutcomes = ["upheld", "partly_upheld", "not_upheld"] as const;
export type ComplaintOutcome = (typeof complaintOutcomes)[number];

export interface ComplaintClocks {
  acknowledgeBy: string;
  acknowledgeBasis: string;
  answerBy: string;
  answerBasis: string;
}

/** The days within which every complaint is acknowledged where no law sets them: the UK's 30, which we keep for all. */
const companyAcknowledgeDays = 30;

/**
 * When a complaint about how we handled a request must be acknowledged and answered. The UK's complaints duty sets
 * the acknowledgement (DPA 2018 s.164A, from 2026-06-19); the company keeps it for every complaint. The final
 * answer follows the codes of practice the company keeps: within `answerWeeks`, or a letter by then that says why
 * not and where the complainant may go next.
 */
export function complaintClocks(
  jurisdiction: Jurisdiction,
  receipt: CalendarDate,
  answerWeeks: number,
): ComplaintClocks {
  const duty = jurisdiction === "other" ? undefined : rulesInEffect(jurisdiction, receipt.toString());
  const acknowledge = duty?.clocks.complaintAcknowledge;
  return {
    acknowledgeBy: addCalendarDays(receipt, acknowledge?.value.amount ?? companyAcknowledgeDays).toString(),
    acknowledgeBasis: acknowledge
      ? `${duty.jurisdiction}: ${acknowledge.value.amount} calendar days to acknowledge a complaint, ${acknowledge.cite}`
      : `Company practice: ${companyAcknowledgeDays} calendar days to acknowledge a complaint, as UK law asks`,
    answerBy: addCalendarDays(receipt, answerWeeks * 7).toString(),
    answerBasis:
      `Company code of practice: a final answer within ${answerWeeks} weeks, or by then a letter that says why ` +
      "not and names the provider and the regulator the complainant may go to",
  };
}
