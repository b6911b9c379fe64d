import { Temporal } from "temporal-polyfill";
import { addBusinessDays, type CalendarDate } from "./calendar.js";

/**
 * The work one data system does for one request. `pending` until it reaches the system, `sent` once it has, then
 * `done`, `failed`, or `not_applicable` (the system turned out to hold nothing of the kind, or staff say so).
 */
export const taskStatuses = ["pending", "sent", "done", "failed", "not_applicable"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** The outcomes with which a task is over: the request completes when every task has one. */
export const finishedTaskStatuses = ["done", "not_applicable"] as const satisfies readonly TaskStatus[];
export type FinishedTaskStatus = (typeof finishedTaskStatuses)[number];

export const isTaskOpen = (status: TaskStatus) => !(finishedTaskStatuses as readonly TaskStatus[]).includes(status);

/**
 * When a task is due: `leadBusinessDays` business days before the request's deadline, so its results are in with
 * time to answer, but never before the day it is opened.
 */
export function taskDueOn(respondBy: CalendarDate, leadBusinessDays: number, today: CalendarDate): CalendarDate {
  const due = addBusinessDays(respondBy, -leadBusinessDays);
  return Temporal.PlainDate.compare(due, today) < 0 ? today : due;
}
