import { z } from "zod";
import { complaintOutcomes } from "../domain/complaints.js";
import { denialGroundCodes } from "../domain/denial-grounds.js";
import { packageContents } from "../domain/package-contents.js";
import { appealOutcomes, languages, optOutScopes, requestKinds, requestOutcomes } from "../domain/vocabulary.js";

const isoDate = z.iso.date();
const text = z.string().min(1);
const regulator = z.object({ name: text, url: z.url() });
/** Where else the requester may go: the courts (with the law that grants it), and the company's named provider. */
const recourse = {
  regulator: regulator.optional(),
  judicialRemedy: z.object({ cite: text }).optional(),
  disputeResolution: z.object({ name: text, url: z.url() }).optional(),
};

/** What every answer to a request says (`decisionNotice`): a reviewer's decision, or the close of one never verified. */
const answer = {
  kind: z.enum(requestKinds),
  outcome: z.enum(requestOutcomes),
  reason: text.optional(),
  /** The ground of a refusal, for the notice to state it in the requester's language; `reason` is its English. */
  ground: z.enum(denialGroundCodes).optional(),
  explanation: text,
  appealUrl: z.url().optional(),
  appealBy: isoDate.optional(),
  ...recourse,
  /** A refused deletion's offer of an opt-out of sale and sharing, with the law that grants it (11 CCR §7022(f)). */
  offerOptOut: z.object({ url: z.url(), cite: text }).optional(),
};
/**
 * What every message about a complaint carries: its own number (not a request's, so no status link), the request it
 * names, and the language it was made in, since it may name no request to take a language from.
 */
const complaint = {
  recipientName: text,
  complaintNumber: text,
  requestTrackingNumber: text.optional(),
  language: z.enum(languages),
};
/** Someone who filed a request for the consumer: the e-mail names them, so the consumer knows whose request it is. */
const filedBy = z.object({ role: z.enum(["authorized_agent", "parent"]), name: text });

/**
 * Every message the product sends, with the data its template needs. An outbox row's payload is checked against its
 * message's schema before rendering, so a row that cannot render fails loudly instead of sending a broken e-mail.
 */
export const messages = {
  acknowledgement: z.object({
    recipientName: text,
    trackingNumber: text,
    kind: z.enum(requestKinds),
    receivedAt: z.iso.datetime(),
    respondBy: isoDate,
    optOutScopes: z.array(z.enum(optOutScopes)).optional(),
    /** The recipient filed it for someone else, so the e-mail speaks of the consumer's data, not theirs. */
    filedAs: z.enum(["authorized_agent", "parent"]).optional(),
    /** The consumer's copy of a request an agent filed: the agent's name. */
    filedBy: text.optional(),
  }),
  verification: z.object({
    recipientName: text,
    trackingNumber: text,
    code: z.string().regex(/^\d{6}$/),
    verifyUrl: z.url(),
    expiresAt: z.iso.datetime(),
    closesOn: isoDate,
    filedBy: filedBy.optional(),
  }),
  verification_reminder: z.object({
    recipientName: text,
    trackingNumber: text,
    verifyUrl: z.url(),
    closesOn: isoDate,
    filedBy: filedBy.optional(),
  }),
  closed_unverified: z.object({ recipientName: text, trackingNumber: text, ...answer }),
  extension_notice: z.object({
    recipientName: text,
    trackingNumber: text,
    newRespondBy: isoDate,
    reason: text,
  }),
  decision: z.object({
    recipientName: text,
    trackingNumber: text,
    ...answer,
    /** A deletion's answer: what each system deleted, what it kept and why, and that the request is on record. */
    deletion: z
      .object({
        systems: z.array(z.object({ system: text, deleted: z.boolean(), summary: text.optional() })),
        kept: z.array(z.object({ system: text, what: text, why: text, cite: text })),
        recordKept: text,
      })
      .optional(),
    /** A correction's answer: the changes made, those refused and why, and where to file a statement about them. */
    correction: z
      .object({
        made: z.array(text),
        refused: z.array(z.object({ field: text, reason: text })),
        statementUrl: z.url().optional(),
      })
      .optional(),
  }),
  access_package_ready: z.object({
    recipientName: text,
    trackingNumber: text,
    /** The package's page: sealed in the outbox, dropped once sent. */
    downloadUrl: z.url(),
    expiresAt: z.iso.datetime(),
    maxDownloads: z.number().int().min(1),
    /** What the package answers: a copy, the categories only (the summary), the third parties, a profiling's data. */
    contents: z.enum(packageContents),
  }),
  package_code: z.object({
    recipientName: text,
    trackingNumber: text,
    code: z.string().regex(/^\d{6}$/),
    expiresAt: z.iso.datetime(),
  }),
  /** To the subject: the part of their request about data we hold for a business customer has gone to it. */
  routed_to_controller: z.object({
    recipientName: text,
    /** The routed part's own reference. */
    trackingNumber: text,
    /** The request as the requester filed it. */
    filedTrackingNumber: text,
    kind: z.enum(requestKinds),
    /** Named where the contract allows, with its privacy contacts; otherwise described. */
    controllerName: text.optional(),
    controllerContacts: z.array(z.email()).optional(),
    controllerDescription: text,
    forwardBy: isoDate,
  }),
  /** To each of a controller's privacy contacts: a request about data we process for it, waiting for its word. */
  controller_notice: z.object({
    recipientName: text,
    trackingNumber: text,
    controllerName: text,
    kind: z.enum(requestKinds),
    jurisdiction: text,
    receivedAt: z.iso.datetime(),
    /** The law's deadline for its answer to the requester, counted from our receipt. */
    answerBy: isoDate,
    /** Where its token reads the request (with the subject's identifiers) and takes its instructions. */
    apiUrl: z.url(),
  }),
  /** To a controller's contacts: a routed part still waits for its acknowledgement or its instructions. */
  controller_reminder: z.object({
    recipientName: text,
    trackingNumber: text,
    controllerName: text,
    acknowledged: z.boolean(),
    forwardedOn: isoDate,
    answerBy: isoDate,
    apiUrl: z.url(),
  }),
  /** To a controller's contacts: what we did on its instructions; a copy of the data is fetched with its token. */
  controller_results: z.object({
    recipientName: text,
    trackingNumber: text,
    controllerName: text,
    action: z.enum(["export", "delete", "correct", "opt_out"]),
    /** Per data system, what was done: counts only, never the subject's data. */
    systems: z.array(z.object({ system: text, summary: text })),
    /** For an export: the package, fetched with the controller's token. */
    resultsUrl: z.url().optional(),
    resultsCount: z.number().int().min(0).optional(),
  }),
  reviewer_reminder: z.object({
    trackingNumber: text,
    /** The request's page for staff. */
    requestUrl: z.url(),
    kind: z.enum(requestKinds),
    jurisdiction: text,
    respondBy: isoDate,
    daysLeft: z.number().int().min(0),
  }),
  overdue_escalation: z.object({
    trackingNumber: text,
    /** The request's page for staff. */
    requestUrl: z.url(),
    kind: z.enum(requestKinds),
    jurisdiction: text,
    respondBy: isoDate,
    daysOverdue: z.number().int().min(1),
    /** The data systems whose tasks failed or are late: what holds the answer up. */
    tasksBehind: z.array(text).default([]),
  }),
  task_reminder: z.object({
    /** The data system's owner. */
    recipientName: text,
    trackingNumber: text,
    dataSystem: text,
    dueOn: isoDate,
    /** Days past its due date; absent while it is not yet due. */
    daysOverdue: z.number().int().min(1).optional(),
    /** The system could not be reached or said it could not do it. */
    failed: z.boolean(),
    requestUrl: z.url(),
  }),
  extension_window_closing: z.object({
    trackingNumber: text,
    /** The request's page for staff. */
    requestUrl: z.url(),
    kind: z.enum(requestKinds),
    jurisdiction: text,
    extensionNoticeBy: isoDate,
  }),
  task_assigned: z.object({
    /** The data system's owner. */
    recipientName: text,
    trackingNumber: text,
    dataSystem: text,
    kind: z.enum(requestKinds),
    dueOn: isoDate,
    /** An access request: the owner closes the task with the records found. */
    wantsRecords: z.boolean(),
    /** Who the request is about, one identifier a line: sealed in the outbox, dropped once sent. */
    subjectIdentifiers: text,
    /** A correction's changes to make there, one a line: sealed too. */
    changes: text.optional(),
    /** The request's page for staff, where the task is closed with its result. */
    requestUrl: z.url(),
  }),
  /** To the parent who filed for a child before, when the child tells us themselves that we hold their data. */
  child_data_reported: z.object({
    recipientName: text,
    trackingNumber: text,
    receivedAt: z.iso.datetime(),
    respondBy: isoDate,
  }),
  appeal_received: z.object({
    recipientName: text,
    trackingNumber: text,
    appealRespondBy: isoDate,
  }),
  appeal_decision: z.object({
    recipientName: text,
    trackingNumber: text,
    outcome: z.enum(appealOutcomes),
    explanation: text,
    ...recourse,
  }),
  appeal_reminder: z.object({
    trackingNumber: text,
    /** The request's page for staff. */
    requestUrl: z.url(),
    jurisdiction: text,
    respondBy: isoDate,
    daysLeft: z.number().int().min(0).optional(),
    daysOverdue: z.number().int().min(1).optional(),
  }),
  information_requested: z.object({
    recipientName: text,
    trackingNumber: text,
    message: text,
  }),
  withdrawal_confirmed: z.object({
    recipientName: text,
    trackingNumber: text,
  }),
  duplicate_closed: z.object({
    recipientName: text,
    trackingNumber: text,
    originalTrackingNumber: text,
  }),
  /** To the team when a complaint comes in, and to the escalation address when its answer day passes without one. */
  complaint_for_team: z.object({
    event: z.enum(["filed", "deadlocked"]),
    complaintNumber: text,
    complaintUrl: z.url(),
    jurisdiction: text,
    requestTrackingNumber: text.optional(),
    answerBy: isoDate,
  }),
  complaint_received: z.object({ ...complaint, receivedAt: z.iso.datetime(), answerBy: isoDate }),
  complaint_deadlock: z.object({ ...complaint, answerBy: isoDate, goNext: z.array(regulator) }),
  complaint_answered: z.object({
    ...complaint,
    outcome: z.enum(complaintOutcomes),
    explanation: text,
    goNext: z.array(regulator),
  }),
} as const;

export type MessageName = keyof typeof messages;
export type MessageData<Name extends MessageName> = z.infer<(typeof messages)[Name]>;

/**
 * Fields a message carries that the database must not hold in clear (a verification's code and link): the outbox
 * row keeps them sealed until the dispatcher sends the message, then drops them.
 */
export const sealedFields: { readonly [Name in MessageName]?: readonly (keyof MessageData<Name>)[] } = {
  verification: ["code", "verifyUrl"],
  verification_reminder: ["verifyUrl"],
  task_assigned: ["subjectIdentifiers", "changes"],
  access_package_ready: ["downloadUrl"],
  package_code: ["code"],
};
export const messageNames = Object.keys(messages) as MessageName[];

/**
 * The messages written to the requester (the subject, their agent or parent): each exists in every language a
 * request can be filed in. The rest go to the privacy team, data systems' owners and controllers, in English.
 */
export const requesterMessages = [
  "acknowledgement",
  "verification",
  "verification_reminder",
  "closed_unverified",
  "extension_notice",
  "decision",
  "access_package_ready",
  "package_code",
  "routed_to_controller",
  "appeal_received",
  "appeal_decision",
  "information_requested",
  "withdrawal_confirmed",
  "duplicate_closed",
  "child_data_reported",
  "complaint_received",
  "complaint_deadlock",
  "complaint_answered",
] as const satisfies readonly MessageName[];
export type RequesterMessage = (typeof requesterMessages)[number];

export const isRequesterMessage = (name: MessageName): name is RequesterMessage =>
  (requesterMessages as readonly MessageName[]).includes(name);

export function isMessageName(name: string): name is MessageName {
  return Object.hasOwn(messages, name);
}
