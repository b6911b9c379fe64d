import { accessPeriod } from "../../domain/access-period.js";
import { receiptDate } from "../../domain/calendar.js";
import { packagedKinds } from "../packages/issue-package.js";
import type { RequestRow } from "../request-lifecycle/index.js";

/** The parts of a task a job is made from. */
export interface JobSource {
  task: { id: string; dueOn: string };
  system: { id: string; correctableFields: string[] };
  request: Pick<
    RequestRow,
    | "trackingNumber"
    | "kind"
    | "jurisdiction"
    | "accessScope"
    | "optOutScopes"
    | "corrections"
    | "subjectName"
    | "subjectEmail"
    | "subjectPhone"
    | "subjectAccountId"
    | "receivedAt"
    | "correctionReview"
  >;
}

/**
 * What a data system is asked to do, in the Standard Webhooks payload shape (`type`, `timestamp`, `data`). A
 * correction carries only the changes made that the system can make: the others are not its business. An access
 * request carries the period its answer covers, so the system exports what the law reaches.
 */
export function taskJob({ task, system, request }: JobSource, callbackUrl: string, at: Date, timeZone: string) {
  const period = packagedKinds.includes(request.kind)
    ? accessPeriod(request.jurisdiction, receiptDate(request.receivedAt, timeZone))
    : undefined;
  const corrections = changesFor(request, system.correctableFields);
  return {
    type: "task.opened",
    timestamp: at.toISOString(),
    data: {
      taskId: task.id,
      dueOn: task.dueOn,
      callbackUrl,
      request: {
        trackingNumber: request.trackingNumber,
        kind: request.kind,
        jurisdiction: request.jurisdiction,
        ...(request.accessScope ? { accessScope: request.accessScope } : {}),
        ...(request.optOutScopes?.length ? { optOutScopes: request.optOutScopes } : {}),
        ...(corrections?.length ? { corrections } : {}),
        ...(period ? { period } : {}),
      },
      subject: subjectOf(request),
    },
  };
}
export type TaskJob = ReturnType<typeof taskJob>;

/** The changes a correction's review made (all of them, before a review). */
export function acceptedChanges(request: Pick<JobSource["request"], "corrections" | "correctionReview">) {
  const made = request.correctionReview?.filter((decision) => decision.accept).map((decision) => decision.field);
  return (request.corrections ?? []).filter((change) => !made || made.includes(change.field));
}

/**
 * A field as the requester named it ("Postal address"), in the shape systems register their fields in
 * (`postal_address`), so the two can be matched.
 */
export const fieldKey = (field: string) =>
  field
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");

/** The changes made to the fields a system holds. */
export const changesFor = (
  request: Pick<JobSource["request"], "corrections" | "correctionReview">,
  correctableFields: string[],
) => acceptedChanges(request).filter((change) => correctableFields.includes(fieldKey(change.field)));

/** Changes one a line, for a person to make. */
export const changeLines = (changes: ReturnType<typeof acceptedChanges>) =>
  changes
    .map(
      (change) =>
        `${change.field}: ${change.currentValue ? `from "${change.currentValue}" ` : ""}to "${change.requestedValue}"`,
    )
    .join("\n");

/** The identifiers a system finds the subject by: only those the requester gave. */
export function subjectOf(request: JobSource["request"]) {
  return {
    name: request.subjectName,
    email: request.subjectEmail,
    ...(request.subjectPhone ? { phone: request.subjectPhone } : {}),
    ...(request.subjectAccountId ? { accountId: request.subjectAccountId } : {}),
  };
}

/** The subject's identifiers one a line, for a person to search by. */
export function subjectLines(request: JobSource["request"]): string {
  const subject = subjectOf(request);
  return [
    `Name: ${subject.name}`,
    `E-mail: ${subject.email}`,
    ...(subject.phone ? [`Phone: ${subject.phone}`] : []),
    ...(subject.accountId ? [`Account: ${subject.accountId}`] : []),
  ].join("\n");
}

/** Where a system posts its signed answers about its tasks. */
export const callbackUrlOf = (publicBaseUrl: string, systemId: string) =>
  new URL(`/v1/data-systems/${systemId}/callbacks`, publicBaseUrl).toString();
