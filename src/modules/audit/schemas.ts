import { z } from "@hono/zod-openapi";
import { auditActions } from "../../domain/audit-actions.js";
import { requestStatuses } from "../../domain/lifecycle.js";
import { isoDay, isoInstant } from "../../http/shared-schemas.js";

const format = z.enum(["json", "csv"]).default("json");
const instant = z.iso.datetime();

export const auditQuery = z.object({ format }).strict();

/** A plain date is a whole day in the business time zone: `from` its start, `to` its end. */
const bound = z.union([isoInstant, isoDay]).openapi({
  description:
    "An instant (`2026-11-01T00:00:00Z`) or a plain date (`2026-11-01`), a whole day in the business time zone.",
  example: "2026-11-01",
});

export const auditPeriodQuery = z
  .object({
    from: bound,
    to: bound.openapi({ description: "The end: an instant (excluded), or a plain date (included)." }),
    format,
  })
  .strict();

export const auditVerifyQuery = z
  .object({ requestId: z.uuid().optional().openapi({ description: "One request's chain; all chains when absent." }) })
  .strict();

export const auditEvent = z
  .object({
    id: z.number().int(),
    trail: z.enum(["request", "general"]),
    at: instant,
    requestId: z.uuid().nullable(),
    trackingNumber: z.string().nullable(),
    subjectType: z.string().nullable().openapi({ description: "On the general trail: what the entry is about." }),
    subjectId: z.string().nullable(),
    actorType: z.string(),
    actorId: z
      .string()
      .nullable()
      .openapi({ description: "A staff id, a system job's name, a requester's credential." }),
    actorRole: z.string().nullable(),
    action: z.enum(auditActions),
    fromStatus: z.enum(requestStatuses).nullable(),
    toStatus: z.enum(requestStatuses).nullable(),
    rulesVersion: z.string().nullable().openapi({ example: "US-VA@2023-01-01" }),
    data: z
      .record(z.string(), z.unknown())
      .openapi({ description: "What changed (`changed`: before and after) and why." }),
    hash: z.string().nullable().openapi({ description: "The entry's link in its hash chain." }),
  })
  .openapi("AuditEvent");

export const auditEvents = z.array(auditEvent);

/** An event on a request's trail, as the request's detail shows it. */
export const requestTrailEntry = auditEvent
  .pick({ id: true, at: true, actorType: true, actorId: true, actorRole: true, action: true, data: true, hash: true })
  .extend({
    requestId: z.uuid(),
    fromStatus: z.enum(requestStatuses).nullable(),
    toStatus: z.enum(requestStatuses).nullable(),
    rulesVersion: z.string().nullable(),
    prevHash: z.string().nullable(),
  })
  .openapi("RequestTrailEntry");

export const trailReport = z
  .object({
    intact: z.boolean(),
    chainsChecked: z.number().int(),
    entriesChecked: z.number().int(),
    breaks: z.array(
      z.object({
        chain: z.string().openapi({ example: "request 0b9e7d2c-7f1e-4c3a-9a55-0b7c6d1f9e21" }),
        eventId: z.number().int(),
        reason: z.string(),
      }),
    ),
    summary: z.string(),
  })
  .openapi("AuditTrailReport");
