import { z } from "@hono/zod-openapi";
import { staffRoles } from "../../domain/actor.js";
import { complaintStatuses } from "../../domain/complaints.js";
import { denialGroundCodes } from "../../domain/denial-grounds.js";
import { requestStatuses } from "../../domain/lifecycle.js";
import { requestFlags } from "../../domain/representation.js";
import { controllerKeyKinds } from "../../domain/scope.js";
import { finishedTaskStatuses, taskStatuses } from "../../domain/tasks.js";
import { appealOutcomes, intakeChannels, jurisdictions, requestKinds } from "../../domain/vocabulary.js";
import { emailAddress, isoDay, isoInstant, line, paragraph } from "../../http/shared-schemas.js";
import { requestTrailEntry } from "../audit/schemas.js";
import { documentMediaTypes } from "../documents/file-agent-document.js";
import { keptData } from "../fulfilment/schemas.js";
import { dueClock, intakeBody } from "../intake/schemas.js";
import { queueFlags } from "./review-queue.js";

/** A comma-separated query parameter of known words: `status=in_review,verifying`. */
const listOf = <const Words extends readonly [string, ...string[]]>(words: Words) =>
  z
    .string()
    .transform((value) => value.split(",").map((word) => word.trim()))
    .pipe(z.array(z.enum(words)).min(1))
    .optional()
    .openapi({ type: "string", description: `Comma-separated, any of: ${words.join(", ")}.` });

export const queueQuery = z
  .object({
    status: listOf(requestStatuses).openapi({ description: "Default: every status still owed an answer." }),
    kind: listOf(requestKinds),
    jurisdiction: listOf(jurisdictions),
    assignee: z
      .union([z.uuid(), z.enum(["me", "none"])])
      .optional()
      .openapi({ description: "A staff id, `me`, or `none` for unassigned requests." }),
    overdue: z
      .enum(["true", "false"])
      .transform((value) => value === "true")
      .optional(),
    dueBefore: isoDay.optional().openapi({ description: "Only requests due before this day." }),
    flagged: listOf(queueFlags).openapi({
      description:
        "`minor`: a child's request or data; `agent`: filed by an authorized agent; `routed`: with its controller; " +
        "`tasks_behind`: a data system's task failed or is past its due date.",
    }),
    q: z
      .string()
      .trim()
      .refine(
        (q) => /^[A-Za-z0-9-]{1,20}$/.test(q) || emailAddress.safeParse(q).success,
        "must be the start of a tracking number or an e-mail address",
      )
      .optional()
      .openapi({
        description: "The start of a tracking number, in any case, or the e-mail address of the subject or the agent.",
        example: "RD-7K4M",
      }),
    cursor: z.string().max(200).optional().openapi({ description: "`nextCursor` from the page before." }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const queueItem = z
  .object({
    id: z.uuid(),
    trackingNumber: z.string(),
    kind: z.enum(requestKinds),
    status: z.enum(requestStatuses),
    jurisdiction: z.enum(jurisdictions),
    channel: z.enum(intakeChannels),
    flags: z.array(z.enum(requestFlags)),
    assigneeId: z.uuid().nullable(),
    receivedAt: z.iso.datetime(),
    respondBy: z.iso.date(),
    overdue: z.boolean(),
    version: z.number().int(),
  })
  .openapi("QueueItem");

export const queuePage = z
  .object({
    items: z.array(queueItem),
    nextCursor: z.string().nullable(),
    counts: z
      .object({
        overdue: z.number().int(),
        dueIn3Days: z.number().int(),
        dueIn7Days: z.number().int(),
        unassigned: z.number().int(),
        tasksBehind: z.number().int().openapi({ description: "Being carried out, with a data system's task behind." }),
      })
      .openapi({
        description:
          "The whole open queue's buckets, whatever the filters; a count equal to `countsCappedAt` means at least that many.",
      }),
    countsCappedAt: z.number().int(),
  })
  .openapi("QueuePage");

export const version = z
  .number()
  .int()
  .positive()
  .openapi({ description: "The request's `version` as you loaded it." });

export const versionOnly = z.object({ version }).strict();
export const assignBody = z
  .object({ version, assigneeId: z.uuid().nullable().openapi({ description: "`null` returns it to the team." }) })
  .strict();
export const noteBody = z
  .object({ version, note: paragraph(10_000).pipe(z.string().trim().min(1, "must not be empty")) })
  .strict();
export const askBody = z
  .object({
    version,
    message: paragraph(5_000)
      .pipe(z.string().trim().min(1, "must not be empty"))
      .openapi({ description: "What the requester is asked for; sent to them by e-mail." }),
  })
  .strict();
export const extendBody = z
  .object({
    version,
    reason: paragraph(2_000)
      .pipe(z.string().trim().min(10, "must explain the need in a sentence"))
      .openapi({ description: "Why more time is needed; the requester reads it." }),
    until: isoDay.optional().openapi({ description: "The new deadline; the most the rules allow when absent." }),
  })
  .strict();
export const explanation = paragraph(10_000)
  .pipe(z.string().trim().min(10, "must explain the decision in a sentence"))
  .openapi({ description: "What the requester reads: what was relied on, and what was or was not done." });
export const denyBody = z.object({ version, ground: z.enum(denialGroundCodes), explanation }).strict();
export const fulfilBody = z
  .object({
    version,
    scope: z.enum(["full", "partial"]),
    ground: z
      .enum(denialGroundCodes)
      .optional()
      .openapi({ description: "For a partial answer: why the rest is refused." }),
    explanation: explanation.optional(),
    corrections: z
      .array(
        z
          .object({
            field: z.string().max(100),
            accept: z.boolean(),
            reason: line(1_000).optional().openapi({ description: "Why it is not made: the requester reads it." }),
          })
          .refine((decision) => decision.accept || decision.reason, {
            message: "a change that is not made needs the reason",
            path: ["reason"],
          }),
      )
      .max(100)
      .optional()
      .openapi({
        description:
          "For a correction: each requested change, made or refused with its reason. Every change asked for is " +
          "decided, at least one made (refuse them all with `deny`); a refusal makes the answer partial.",
      }),
  })
  .strict();
export const withdrawBody = z
  .object({ version, note: line(1_000).openapi({ description: "How and when the requester asked to withdraw." }) })
  .strict();
export const scopeBody = z
  .object({
    version,
    controllerIds: z
      .array(z.uuid())
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, "must not repeat an id")
      .openapi({ description: "Every controller whose processor-held data it concerns; none if it is ours alone." }),
    reason: line(1_000).openapi({ description: "Why the controllers' keys got it wrong." }),
  })
  .strict();
export const duplicateBody = z.object({ version, originalId: z.uuid() }).strict();
export const closeTaskBody = z
  .object({
    version,
    taskId: z.uuid(),
    outcome: z
      .enum(finishedTaskStatuses)
      .openapi({ description: "`done`, or `not_applicable` when the system holds nothing of the kind." }),
    reason: line(2_000).openapi({ description: "What was done, or why nothing needed doing; kept on the task." }),
    kept: z
      .array(keptData)
      .max(100)
      .optional()
      .openapi({ description: "For a deletion: what the system kept, each under the exception that allows it." }),
  })
  .strict();

export const actionResult = z
  .object({
    id: z.uuid(),
    status: z.enum(requestStatuses),
    version: z.number().int(),
    respondBy: z.iso.date().optional(),
    warnings: z.array(z.string()).optional(),
  })
  .openapi("ActionResult");

export const staffIntakeBody = z
  .object({
    request: intakeBody,
    channel: z.enum(["mail", "phone", "email"]).openapi({ description: "Post, a phone call, or the privacy mailbox." }),
    receivedAt: isoInstant.openapi({
      description: "When it truly reached the company; the clocks run from it. Not in the future.",
    }),
    note: paragraph(10_000).optional(),
    scan: z
      .object({
        mediaType: z.enum(documentMediaTypes),
        contentBase64: z.base64().max(7_000_000).openapi({ description: "At most 5 MiB once decoded." }),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi("StaffIntake");

const instant = z.iso.datetime();

export const requestDetail = z
  .object({
    request: queueItem
      .omit({ overdue: true })
      .extend({ clocks: z.array(dueClock) })
      .passthrough()
      .openapi({ description: "Every stored field of the request, the subject's details included." }),
    respondByBasis: z.string().nullable(),
    events: z.array(requestTrailEntry),
    messages: z.array(
      z.object({
        id: z.number().int(),
        template: z.string(),
        recipient: z.string(),
        state: z.enum(["pending", "sent", "dead"]),
        attempts: z.number().int(),
        createdAt: instant,
        sentAt: instant.nullable(),
      }),
    ),
    documents: z.array(
      z.object({
        id: z.number().int(),
        kind: z.string(),
        mediaType: z.string(),
        sizeBytes: z.number().int(),
        createdAt: instant,
      }),
    ),
    appeal: z
      .object({
        receivedAt: instant,
        respondBy: z.iso.date(),
        respondByBasis: z.string(),
        outcome: z.enum(appealOutcomes).nullable(),
      })
      .passthrough()
      .nullable(),
    related: z.array(
      z.object({
        id: z.uuid(),
        trackingNumber: z.string(),
        kind: z.enum(requestKinds),
        status: z.enum(requestStatuses),
        receivedAt: instant,
        duplicateOf: z.uuid().nullable(),
      }),
    ),
    accessRequestsInPrior12Months: z.number().int(),
    complaints: z
      .array(
        z.object({
          id: z.uuid(),
          trackingNumber: z.string(),
          status: z.enum(complaintStatuses),
          receivedAt: instant,
          answerBy: z.iso.date(),
        }),
      )
      .openapi({ description: "Complaints about how this request was handled (see `GET /v1/review/complaints`)." }),
    tasks: z.array(
      z
        .object({
          id: z.uuid(),
          dataSystem: z.object({ id: z.uuid(), name: z.string(), reach: z.string() }),
          status: z.enum(taskStatuses),
          dueOn: z.iso.date(),
          attempts: z.number().int(),
          result: z.record(z.string(), z.unknown()).nullable(),
          closedReason: z.string().nullable(),
          closedBy: z.uuid().nullable(),
          createdAt: instant,
          finishedAt: instant.nullable(),
        })
        .openapi({ description: "One data system's part in carrying out the request, opened when it is fulfilled." }),
    ),
    correctionStatement: z
      .object({ statement: z.string(), filedAt: instant })
      .nullable()
      .openapi({ description: "The requester's statement about a refused correction, kept with the record." }),
    accessPackage: z
      .object({
        expiresAt: instant,
        downloads: z.number().int(),
        downloadLimit: z.number().int(),
        issues: z.number().int(),
        lastDownloadAt: instant.nullable(),
        recordsPurgedAt: instant.nullable(),
      })
      .nullable()
      .openapi({ description: "An access request's package: when its link expires and how often it was downloaded." }),
    scope: z
      .object({
        ours: z.boolean(),
        controllers: z.array(z.object({ controllerId: z.uuid(), matchedBy: z.array(z.enum(controllerKeyKinds)) })),
        basis: z.string(),
      })
      .openapi({
        description:
          "Whose data it is about, from the controllers' keys as they are now: ours, processor-held data of " +
          "controllers, or both.",
      }),
    parts: z
      .array(
        z.object({
          id: z.uuid(),
          trackingNumber: z.string(),
          controller: z.object({ id: z.uuid(), legalName: z.string() }),
          status: z.enum(requestStatuses),
          forwardBy: z.iso.date().nullable(),
          forwardedAt: instant.nullable(),
          acknowledgedAt: instant.nullable(),
          reference: z.string().nullable(),
        }),
      )
      .openapi({
        description:
          "The parts routed to controllers: split from this request, or, for a part, its siblings and the " +
          "request it was split from is `request.routedFrom`.",
      }),
  })
  .openapi("RequestDetail");

export const teamList = z
  .object({
    staff: z.array(
      z.object({
        id: z.uuid(),
        name: z.string().openapi({ description: "Their name, or their e-mail address where none was given." }),
        email: z.string(),
        role: z.enum(staffRoles),
        active: z.boolean(),
      }),
    ),
  })
  .openapi("Team");
