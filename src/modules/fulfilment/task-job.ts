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
  >;
}

/**
 * What a data system is asked to do, in the Standard Webhooks payload shape (`type`, `timestamp`, `data`). A
 * correction carries only the changes to fields the system can correct: the others are not its business. An access
 * request carries the period its answer covers, so the system exports what the law reaches.
 */
export function taskJob({ task, system, request }: JobSource, callbackUrl: string, at: Date, timeZone: string) {
  const period = packagedKinds.includes(request.kind)
    ? accessPeriod(request.jurisdiction, receiptDate(request.receivedAt, timeZone))
    : undefined;
  const corrections = request.corrections?.filter((change) => system.correctableFields.includes(change.field));
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
