import type { ResolvedConfig } from "../../context.js";
import type { Executor } from "../../db/index.js";
import type { controllers } from "../../db/schema/index.js";
import { endOfDay } from "../../domain/calendar.js";
import { openDsrStatus, openDsrType } from "../../domain/routing.js";
import { tasksOfRequest } from "../fulfilment/tasks.js";
import type { RequestRow } from "../request-lifecycle/index.js";
import { controllerApiUrl } from "./route-parts.js";

/**
 * The words routed requests travel in: OpenDSR 2.0 (`subject_request_id`, `subject_request_type`,
 * `subject_identities`, `request_status`, `results_url`), so a controller can reuse an integration it has, with what
 * OpenDSR has no field for under our extension, as its `extensions` object allows.
 */
export const openDsrVersion = "2.0" as const;
export const extensionKey = "rightsdesk";

type ControllerRow = typeof controllers.$inferSelect;

/** The routed request as the controller's webhook receives it, and as its API reads it. */
export function routedRequestBody(part: RequestRow, config: Pick<ResolvedConfig, "PUBLIC_BASE_URL">) {
  const type = openDsrType(part.kind);
  return {
    subject_request_id: part.id,
    ...(type ? { subject_request_type: type } : {}),
    submitted_time: part.receivedAt.toISOString(),
    subject_identities: [
      { identity_type: "email", identity_value: part.subjectEmail, identity_format: "raw" as const },
      ...(part.subjectAccountId
        ? [
            {
              identity_type: "controller_customer_id",
              identity_value: part.subjectAccountId,
              identity_format: "raw" as const,
            },
          ]
        : []),
    ],
    api_version: openDsrVersion,
    extensions: {
      [extensionKey]: {
        trackingNumber: part.trackingNumber,
        kind: part.kind,
        jurisdiction: part.jurisdiction,
        receivedAt: part.receivedAt.toISOString(),
        forwardBy: part.forwardBy,
        clocks: part.clocks,
        subject: {
          name: part.subjectName,
          email: part.subjectEmail,
          ...(part.subjectPhone ? { phone: part.subjectPhone } : {}),
          ...(part.subjectAccountId ? { accountId: part.subjectAccountId } : {}),
        },
        submittedBy: {
          role: part.submitterRole,
          ...(part.submitterOrganisation ? { organisation: part.submitterOrganisation } : {}),
        },
        ...(part.ageBand ? { ageBand: part.ageBand } : {}),
        ...(part.accessScope ? { accessScope: part.accessScope } : {}),
        ...(part.optOutScopes ? { optOutScopes: part.optOutScopes } : {}),
        ...(part.corrections ? { corrections: part.corrections } : {}),
        ...(part.details ? { details: part.details } : {}),
        requestUrl: controllerApiUrl(config, part.id),
        instructionsUrl: `${controllerApiUrl(config, part.id)}/instructions`,
      },
    },
  };
}

export interface PartResults {
  /** Per data system, what was done: counts and outcomes, never the subject's data. */
  systems: { system: string; summary: string }[];
  resultsUrl?: string;
  resultsCount?: number;
}

/** What our systems did on the controller's instruction, once the part is completed. */
export async function resultsOfPart(
  db: Executor,
  part: RequestRow,
  config: Pick<ResolvedConfig, "PUBLIC_BASE_URL">,
): Promise<PartResults> {
  const tasks = await tasksOfRequest(db, part.id);
  const systems = tasks.map((task) => ({ system: task.dataSystem.name, summary: summaryOf(part, task) }));
  if (part.status !== "completed" || (part.kind !== "access" && part.kind !== "portability")) return { systems };
  const resultsCount = tasks.reduce((sum, task) => sum + Number(task.result?.records ?? 0), 0);
  return { systems, resultsUrl: `${controllerApiUrl(config, part.id)}/package`, resultsCount };
}

function summaryOf(part: RequestRow, task: Awaited<ReturnType<typeof tasksOfRequest>>[number]): string {
  if (task.status === "not_applicable") return "holds no data of the subject";
  if (task.closedReason) return `closed by the privacy team: ${task.closedReason}`;
  if (task.status !== "done") return `not finished (${task.status})`;
  const counts = (task.result?.counts ?? {}) as Record<string, number>;
  const rows = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const records = Number(task.result?.records ?? 0);
  if (part.kind === "deletion") return rows > 0 ? `${rows} rows deleted` : "deleted";
  if (part.kind === "access" || part.kind === "portability") return `${records || rows} records found`;
  return "done";
}

/** A routed part's standing, as OpenDSR's status object and status callback carry it. */
export async function partStatusBody(
  db: Executor,
  part: RequestRow,
  controller: Pick<ControllerRow, "id">,
  config: Pick<ResolvedConfig, "PUBLIC_BASE_URL" | "BUSINESS_TIMEZONE">,
) {
  const results = part.status === "completed" ? await resultsOfPart(db, part, config) : undefined;
  return {
    controller_id: controller.id,
    subject_request_id: part.id,
    request_status: openDsrStatus(part.status),
    expected_completion_time: endOfDay(part.respondBy, config.BUSINESS_TIMEZONE).toISOString(),
    api_version: openDsrVersion,
    ...(results?.resultsUrl ? { results_url: results.resultsUrl, results_count: results.resultsCount } : {}),
    extensions: {
      [extensionKey]: {
        trackingNumber: part.trackingNumber,
        status: part.status,
        forwardBy: part.forwardBy,
        forwardedAt: part.forwardedAt?.toISOString() ?? null,
        acknowledgedAt: part.controllerAcknowledgedAt?.toISOString() ?? null,
        reference: part.controllerReference,
        instructions: part.controllerInstructions ?? [],
        ...(part.outcome ? { outcome: part.outcome } : {}),
        ...(results ? { systems: results.systems } : {}),
      },
    },
  };
}
