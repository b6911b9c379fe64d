import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { DueClock } from "../../domain/deadlines.js";
import { denialGroundCodes } from "../../domain/denial-grounds.js";
import { answerPendingStatuses, requestStatuses } from "../../domain/lifecycle.js";
import { requestFlags } from "../../domain/representation.js";
import { accessScopes, verificationLevels } from "../../domain/verification.js";
import {
  ageBands,
  intakeChannels,
  jurisdictions,
  languages,
  optOutScopes,
  requestKinds,
  requestOutcomes,
  submitterRoles,
} from "../../domain/vocabulary.js";
import { createdAt } from "./columns.js";
import { controllers } from "./controllers.js";
import { staffUsers } from "./staff.js";

export const requestKind = pgEnum("request_kind", requestKinds);
export const requestStatus = pgEnum("request_status", requestStatuses);
export const jurisdiction = pgEnum("jurisdiction", jurisdictions);
export const ageBand = pgEnum("age_band", ageBands);
export const submitterRole = pgEnum("submitter_role", submitterRoles);
export const intakeChannel = pgEnum("intake_channel", intakeChannels);
export const language = pgEnum("language", languages);
export const optOutScope = pgEnum("opt_out_scope", optOutScopes);
export const accessScope = pgEnum("access_scope", accessScopes);
export const verificationLevel = pgEnum("verification_level", verificationLevels);
export const requestFlag = pgEnum("request_flag", requestFlags);
export const agentAuthority = pgEnum("agent_authority", ["signed_permission", "power_of_attorney"]);
export const requestOutcome = pgEnum("request_outcome", requestOutcomes);
export const denialGround = pgEnum("denial_ground", denialGroundCodes);

/** The SQL condition "still owed an answer", shared by the partial indexes and the queries that must use them. */
export const answerPendingSql = sql.raw(
  `status in (${answerPendingStatuses.map((status) => `'${status}'`).join(", ")})`,
);

/** The SQL condition "carries a flag", for the queue's flag filters and the partial index behind them. */
export const flaggedSql = sql.raw("cardinality(flags) > 0");

/** A reviewer's decision on one requested change: made, or refused with the reason the requester reads. */
export interface CorrectionDecision {
  field: string;
  accept: boolean;
  reason?: string | undefined;
}

/** What a controller told us to do with a routed part, with when, for the trail and its own reading. */
export interface ControllerInstruction {
  action: string;
  at: string;
  reason?: string | undefined;
  tellRequester?: boolean | undefined;
}

export interface CorrectionAsked {
  field: string;
  currentValue?: string | undefined;
  requestedValue: string;
}

export const requests = pgTable(
  "requests",
  {
    id: uuid("id").primaryKey(),
    trackingNumber: text("tracking_number").notNull().unique(),
    kind: requestKind("kind").notNull(),
    status: requestStatus("status").notNull(),
    jurisdiction: jurisdiction("jurisdiction").notNull(),
    ageBand: ageBand("age_band"),
    channel: intakeChannel("channel").notNull(),
    /** The language the requester filed in: every page and e-mail about the request keeps it. */
    language: language("language").notNull().default("en"),
    subjectName: text("subject_name").notNull(),
    subjectEmail: text("subject_email").notNull(),
    subjectPhone: text("subject_phone"),
    subjectAccountId: text("subject_account_id"),
    submitterRole: submitterRole("submitter_role").notNull(),
    submitterName: text("submitter_name"),
    submitterEmail: text("submitter_email"),
    submitterOrganisation: text("submitter_organisation"),
    agentAuthority: agentAuthority("agent_authority"),
    accessScope: accessScope("access_scope"),
    verificationLevel: verificationLevel("verification_level").notNull(),
    verificationBasis: text("verification_basis").notNull(),
    flags: requestFlag("flags").array().notNull().default([]),
    details: text("details"),
    corrections: jsonb("corrections").$type<CorrectionAsked[]>(),
    /** The review of each requested change, decided when the request is fulfilled. */
    correctionReview: jsonb("correction_review").$type<CorrectionDecision[]>(),
    optOutScopes: optOutScope("opt_out_scopes").array(),
    receivedAt: timestamp("received_at", { withTimezone: true, mode: "date" }).notNull(),
    respondBy: date("respond_by", { mode: "string" }).notNull(),
    /** The last day an extension may be announced: the statutory deadline, where the law allows an extension. */
    extensionNoticeBy: date("extension_notice_by", { mode: "string" }),
    clocks: jsonb("clocks").$type<DueClock[]>().notNull(),
    /** Set when the request closed because the requester never proved who they are; its personal data is purged later. */
    closedUnverifiedAt: timestamp("closed_unverified_at", { withTimezone: true, mode: "date" }),
    purgedAt: timestamp("purged_at", { withTimezone: true, mode: "date" }),
    /** The versions of the rules table that set its clocks (`Deadlines.rulesVersion`); absent on older requests. */
    rulesVersion: text("rules_version"),
    /** The reviewer who owns it; unassigned requests show in the queue's "unassigned" bucket. */
    assigneeId: uuid("assignee_id").references(() => staffUsers.id),
    /** Set once, when the deadline was extended; the law allows one extension. */
    extendedAt: timestamp("extended_at", { withTimezone: true, mode: "date" }),
    /** A repeat of this earlier request, which answers both. */
    duplicateOf: uuid("duplicate_of").references((): AnyPgColumn => requests.id),
    /** The decision: what the requester gets, on which ground a refusal (whole or part) rests, why, by whom. */
    outcome: requestOutcome("outcome"),
    denialGround: denialGround("denial_ground"),
    decisionExplanation: text("decision_explanation"),
    decidedBy: uuid("decided_by").references(() => staffUsers.id),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    /** The last day a refusal may be appealed. */
    appealBy: date("appeal_by", { mode: "string" }),
    /**
     * A routed part: the controller whose processor-held data it concerns, which decides it (we act only on its
     * instructions), and the request it was split from, which the requester filed.
     */
    controllerId: uuid("controller_id").references(() => controllers.id),
    routedFrom: uuid("routed_from").references((): AnyPgColumn => requests.id),
    /** Filed by an authorized agent's software over the Data Rights Protocol: the agent, its own id for the request, and where it hears of each status change. */
    drpAgentId: text("drp_agent_id"),
    drpAgentRequestId: text("drp_agent_request_id"),
    drpStatusCallback: text("drp_status_callback"),
    /** The contract's deadline for forwarding a routed part to its controller, and when it was forwarded. */
    forwardBy: date("forward_by", { mode: "string" }),
    forwardedAt: timestamp("forwarded_at", { withTimezone: true, mode: "date" }),
    /** The controller told us it has the routed part, under its own reference if it gave one. */
    controllerAcknowledgedAt: timestamp("controller_acknowledged_at", { withTimezone: true, mode: "date" }),
    controllerReference: text("controller_reference"),
    /** The controller's instructions so far, in order, as it gave them. */
    controllerInstructions: jsonb("controller_instructions").$type<ControllerInstruction[]>(),
    /** Optimistic concurrency: every change bumps it, and a change made against a stale version is refused. */
    version: integer("version").notNull().default(1),
    /** The hash of the last event on the request's audit trail, the head of its chain; absent on older requests. */
    auditHead: text("audit_head"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [
    // The review queue: open requests in deadline order, with the id as the keyset's tie-breaker.
    index("requests_open_by_deadline").on(table.respondBy, table.receivedAt, table.id).where(answerPendingSql),
    index("requests_open_by_assignee")
      .on(table.assigneeId, table.respondBy, table.receivedAt, table.id)
      .where(answerPendingSql),
    // "assignee_id is null" cannot order a scan of the index above, so unassigned requests get their own.
    index("requests_open_unassigned")
      .on(table.respondBy, table.receivedAt, table.id)
      .where(sql`${answerPendingSql} and assignee_id is null`),
    index("requests_open_flagged")
      .on(table.respondBy, table.receivedAt, table.id)
      .where(sql`${answerPendingSql} and ${flaggedSql}`),
    // Answered requests by status; partial, so intake (whose rows are all still open) never writes to it.
    index("requests_answered_by_status")
      .on(table.status, table.respondBy, table.receivedAt, table.id)
      .where(sql`not (${answerPendingSql})`),
    index("requests_tracking_number_prefix").on(table.trackingNumber.op("text_pattern_ops")),
    index("requests_open_by_extension_notice").on(table.extensionNoticeBy).where(answerPendingSql),
    index("requests_subject_email").on(table.subjectEmail),
    // The queue's search by the address of the agent who filed.
    index("requests_submitter_email").on(table.submitterEmail),
    // A controller's routed parts, newest first, for its API; and the parts split from a request.
    index("requests_routed_by_controller")
      .on(table.controllerId, table.receivedAt, table.id)
      .where(sql`controller_id is not null`),
    index("requests_parts").on(table.routedFrom).where(sql`routed_from is not null`),
    // The company opens one deletion of a child's data at a time per person, however many reports arrive at once.
    uniqueIndex("requests_one_open_minor_data_deletion")
      .on(table.subjectEmail)
      .where(sql`${answerPendingSql} and 'minor_data_deletion' = any(flags)`),
  ],
);
