import { createHash, randomUUID } from "node:crypto";
import { eq, type SQLWrapper, TransactionRollbackError } from "drizzle-orm";
import stringify from "safe-stable-stringify";
import type { AppContext } from "../../context.js";
import { isUniqueViolation } from "../../db/errors.js";
import type { Transaction } from "../../db/index.js";
import { idempotencyKeys, requestDocuments } from "../../db/schema/index.js";
import { type Actor, anonymousRequester, systemJob } from "../../domain/actor.js";
import { computeDeadlines, type Deadlines } from "../../domain/deadlines.js";
import { DomainError, RateLimited } from "../../domain/errors.js";
import { type GpcRule, gpcBinding } from "../../domain/gpc.js";
import {
  type Correspondent,
  checkRepresentation,
  consumerConfirmsAgent,
  filerOf,
  type RequestFlag,
} from "../../domain/representation.js";
import { ungrantedRight } from "../../domain/rights.js";
import { type SuppressionScope, scopesOfOptOut } from "../../domain/suppression.js";
import { dataPointsTouchedBy, type VerificationNeed, verificationNeeded } from "../../domain/verification.js";
import { type IntakeChannel, type Jurisdiction, resolveResidence } from "../../domain/vocabulary.js";
import { scopeOfSubject } from "../controllers/registry.js";
import {
  childDataDeletionOf,
  childReportFlags,
  childReportNeed,
  knownParentOf,
  openChildDataDeletionOf,
} from "../minors/child-report.js";
import { childDataDeletionClocks } from "../minors/open-minor-data-deletion.js";
import { admission, type Limit, overLimitCode } from "../rate-limits/hit-rate-limit.js";
import { type Opening, openRequest, type RequestMessage } from "../request-lifecycle/index.js";
import { type RoutingTarget, routedPartOpening, routingTargets } from "../routing/route-parts.js";
import { suppressionInsert } from "../suppressions/record-suppressions.js";
import { verificationWrites } from "../verification/start-verification.js";
import type { IntakeInput, IntakeReceipt } from "./schemas.js";
import { newTrackingNumber } from "./tracking-number.js";

export interface SubmitRequest {
  ctx: AppContext;
  input: IntakeInput;
  channel: IntakeChannel;
  /** A client-chosen key: the same key with the same input returns the first receipt and creates nothing. */
  idempotencyKey?: string | undefined;
  /** Set when a staff member records a request that came by post, phone or the privacy mailbox. */
  recordedBy?: StaffRecording | undefined;
  /** The limits this intake counts against, checked in the same statement that stores it. */
  limits?: Limit[] | undefined;
  /** Who handed it to us when not the requester themselves (a processor forwarding it), for the trail. */
  receivedFrom?: Actor | undefined;
  /** The requester's browser sent a Global Privacy Control signal with it (`Sec-GPC: 1`). */
  gpc?: boolean | undefined;
  /** Filed by an authorized agent's software over the Data Rights Protocol. */
  drp?: DrpFiling | undefined;
}

export interface DrpFiling {
  agentId: string;
  /** The agent's own id for the request, echoed in its status. */
  agentRequestId?: string | undefined;
  /** Where the agent hears of each status change, checked already. */
  statusCallback?: string | undefined;
}

export interface StaffRecording {
  actor: Actor;
  /** When the request truly reached the company: every clock runs from it, not from when it was typed in. */
  receivedAt: Date;
  /** When the staff member typed it in, for the trail. */
  enteredAt: Date;
  note?: string | undefined;
  scan?: { mediaType: string; content: Uint8Array } | undefined;
}

export interface Submitted {
  receipt: IntakeReceipt;
  replayed: boolean;
  /** The GPC signal that came with it, honoured as an opt-out where the law of the request makes it bind. */
  gpcHonoured?: GpcRule | undefined;
}

/**
 * Opens a request: works out its clocks, who may file it and how the requester must prove who they are, then
 * stores it with its audit events, its acknowledgement and (where needed) its verification e-mail, all in one
 * statement (with an idempotency key, one transaction), so a request answered 2xx is never lost or left silent.
 * Nothing here looks at what the company holds about the subject, so the answer cannot reveal it.
 */
export async function submitRequest({
  ctx,
  input: given,
  channel,
  idempotencyKey,
  recordedBy,
  limits = [],
  receivedFrom,
  gpc = false,
  drp,
}: SubmitRequest): Promise<Submitted> {
  const inputHash = idempotencyKey ? createHash("sha256").update(stringify(given)).digest("hex") : "";
  if (idempotencyKey) {
    const earlier = await findEarlierAnswer(ctx, idempotencyKey, inputHash);
    if (earlier) return { receipt: earlier, replayed: true };
  }
  const { jurisdiction, note: residenceNote } = resolveResidence(given.jurisdiction);
  // A child under 13 who writes to us cannot exercise the rights (a parent does, COPPA), but tells us we hold a
  // child's data: that opens its deletion (see `modules/minors/child-report.ts`).
  const childReport = given.ageBand === "under_13" && (given.submittedBy?.role ?? "self") === "self";
  const input = childReport ? childDataDeletionOf(given) : given;
  const parent = childReport ? await knownParentOf(ctx, input.subject.email) : undefined;
  // Whose data it is decides whether parts go to controllers; the receipt is the same either way.
  const routing = await routingTargets(ctx.db, await scopeOfSubject(ctx.db, ctx.config.TOKEN_SECRET, input.subject));
  for (let attempt = 1; ; attempt++) {
    const receivedAt = recordedBy?.receivedAt ?? ctx.now();
    const byLaw = computeDeadlines(
      { kind: input.kind, jurisdiction, receivedAt, residenceNote },
      { timeZone: ctx.config.BUSINESS_TIMEZONE, responsePromiseDays: ctx.config.RESPONSE_PROMISE_DAYS },
    );
    const deadlines = childReport ? { ...byLaw, ...childDataDeletionClocks(byLaw) } : byLaw;
    const representation = childReport
      ? { issues: [], flags: childReportFlags }
      : checkRepresentation(
          {
            kind: input.kind,
            jurisdiction,
            ageBand: input.ageBand,
            submitterRole: input.submittedBy?.role ?? "self",
            agentAuthority: input.submittedBy?.authority,
            receivedOn: deadlines.receiptDate,
          },
          ctx.config.AUTHORIZED_AGENTS_ACCEPTED,
        );
    const ungranted = ungrantedRight(
      { kind: input.kind, jurisdiction, receivedOn: deadlines.receiptDate },
      ctx.config.RIGHTS_HONOURED,
    );
    const issues = [...representation.issues, ...(ungranted ? [{ field: "kind", message: ungranted }] : [])];
    if (issues.length > 0) throw new DomainError("validation", "This request cannot be filed this way.", issues);
    const need: VerificationNeed = childReport
      ? childReportNeed
      : verificationNeeded({
          ...input,
          jurisdiction,
          residenceNote,
          receivedOn: deadlines.receiptDate,
          actingAsParent: input.submittedBy?.role === "parent",
        });
    const pending: Pending = {
      input,
      jurisdiction,
      channel,
      receivedAt,
      deadlines,
      need,
      flags: representation.flags,
      id: randomUUID(),
      trackingNumber: newTrackingNumber(),
      recordedBy,
      receivedFrom,
      routing,
      gpcHonoured: gpc ? gpcBinding(jurisdiction, deadlines.receiptDate) : undefined,
      drp,
      parent,
    };
    const receipt = receiptOf(pending);
    const opening = openingOf(ctx, pending, receipt);
    const gate = limits.length > 0 ? admission(limits, ctx.now()) : undefined;
    try {
      const gpcHonoured = pending.gpcHonoured;
      if (!idempotencyKey) {
        await openRequest(ctx.db, opening, gate);
        return { receipt, replayed: false, ...(gpcHonoured ? { gpcHonoured } : {}) };
      }
      return await ctx.db.transaction(async (tx) => {
        await openRequest(tx, opening, gate);
        // Lost the race for the key to a concurrent twin: undo this copy and answer with the twin's receipt.
        if (!(await claimIdempotencyKey(tx, idempotencyKey, inputHash, receipt))) tx.rollback();
        return { receipt, replayed: false, ...(gpcHonoured ? { gpcHonoured } : {}) };
      });
    } catch (error) {
      const overLimit = overLimitBy(error);
      if (overLimit !== undefined) throw new RateLimited(overLimit);
      if (idempotencyKey && error instanceof TransactionRollbackError) {
        const earlier = await findEarlierAnswer(ctx, idempotencyKey, inputHash);
        if (earlier) return { receipt: earlier, replayed: true };
      }
      // A child's data already being deleted: the report joins the open deletion, which answers it.
      const open = isUniqueViolation(error, "requests_one_open_minor_data_deletion")
        ? await openChildDataDeletionOf(ctx, input.subject.email)
        : undefined;
      if (open) return { receipt: open, replayed: true };
      // 40 random bits make a clash of tracking numbers rare; a second draw makes it vanishingly so.
      if (attempt < 3 && isUniqueViolation(error, "requests_tracking_number_unique")) continue;
      throw error;
    }
  }
}

/** A request worked out and about to be opened. */
interface Pending {
  input: IntakeInput;
  /** The jurisdiction whose rules govern it, resolved from where the requester said they live. */
  jurisdiction: Jurisdiction;
  channel: IntakeChannel;
  receivedAt: Date;
  deadlines: Deadlines;
  need: VerificationNeed;
  flags: RequestFlag[];
  id: string;
  trackingNumber: string;
  recordedBy: StaffRecording | undefined;
  receivedFrom: Actor | undefined;
  gpcHonoured: GpcRule | undefined;
  /** The controllers whose processor-held data it concerns: each gets a part of its own. */
  routing: RoutingTarget[];
  drp: DrpFiling | undefined;
  /** For a child's report of their own data: the parent who filed for them before, told of it. */
  parent: Correspondent | undefined;
}

/**
 * Where a new request goes first. Opt-outs need no proof, and a power of attorney stands in for the consumer's own
 * confirmation (11 CCR §7063(b)), so both go straight to review; everything else waits for verification.
 */
function firstStatus({ need, input }: Pending): "verifying" | "in_review" {
  const powerOfAttorney = input.submittedBy?.authority === "power_of_attorney";
  return need.level === "none" || powerOfAttorney ? "in_review" : "verifying";
}

function receiptOf(opening: Pending): IntakeReceipt {
  return {
    id: opening.id,
    trackingNumber: opening.trackingNumber,
    status: firstStatus(opening),
    receivedAt: opening.receivedAt.toISOString(),
    respondBy: opening.deadlines.respondBy,
    respondByBasis: opening.deadlines.respondByBasis,
    clocks: opening.deadlines.clocks,
    verification: { level: opening.need.level, basis: opening.need.basis },
    flags: opening.flags,
  };
}

/** The request with everything it owes at once: its acknowledgements, any verification, a scanned letter. */
function openingOf(ctx: AppContext, opening: Pending, receipt: IntakeReceipt): Opening {
  const { db } = ctx;
  const { input, receivedAt } = opening;
  const submitter = input.submittedBy ?? { role: "self" as const };
  // An agent or a parent filed it, so they hear from us; otherwise the subject does.
  const filer = filerOf(input.subject, submitter);
  const acknowledged = {
    kind: input.kind,
    receivedAt: receipt.receivedAt,
    respondBy: receipt.respondBy,
    ...(input.optOutScopes ? { optOutScopes: input.optOutScopes } : {}),
  };
  // An agent's software that left us no address to write to follows the request by DRP; the consumer hears from us.
  const writesToSubject = filer.email === input.subject.email;
  const messages: RequestMessage[] = [
    {
      template: "acknowledgement",
      key: "acknowledgement",
      payload: {
        ...acknowledged,
        ...(submitter.role === "self"
          ? {}
          : writesToSubject
            ? { filedBy: agentName(submitter) }
            : { filedAs: submitter.role }),
      },
    },
  ];
  if (opening.parent) {
    messages.push({
      template: "child_data_reported",
      key: "child_data_reported",
      to: opening.parent,
      payload: { receivedAt: receipt.receivedAt, respondBy: receipt.respondBy },
    });
  }
  // The consumer hears of a request made in their name too, from us and not only through the agent.
  if (submitter.role === "authorized_agent" && !writesToSubject) {
    messages.push({
      template: "acknowledgement",
      key: "acknowledgement:subject",
      to: input.subject,
      payload: { ...acknowledged, filedBy: agentName(submitter) },
    });
  }
  const alsoWrite: SQLWrapper[] = [];
  const scan = opening.recordedBy?.scan;
  if (scan) {
    alsoWrite.push(
      db.insert(requestDocuments).values({
        requestId: opening.id,
        kind: "intake_scan",
        mediaType: scan.mediaType,
        sizeBytes: scan.content.byteLength,
        content: scan.content,
      }),
    );
  }
  // An opt-out binds from the moment it arrives: systems that check the preference list see it at once.
  const optingOut = optedOutScopes(input);
  const choice =
    optingOut.length > 0 &&
    suppressionInsert(ctx.config.TOKEN_SECRET, {
      subject: input.subject,
      scopes: optingOut,
      state: "suppressed",
      requestId: opening.id,
      at: receivedAt,
    });
  if (choice) alsoWrite.push(choice);
  // A GPC signal is an opt-out of its own where it binds, without verification (11 CCR §7025; Colo. Rule 5.08).
  const signalled =
    opening.gpcHonoured &&
    suppressionInsert(ctx.config.TOKEN_SECRET, {
      subject: input.subject,
      scopes: opening.gpcHonoured.scopes,
      state: "suppressed",
      requestId: opening.id,
      at: receivedAt,
    });
  if (signalled) alsoWrite.push(signalled);
  if (receipt.status === "verifying") {
    // The person who proves identity: the parent for a child, otherwise the subject, even when an agent filed it.
    const prover = submitter.role === "parent" ? filer : { email: input.subject.email, name: input.subject.name };
    alsoWrite.push(
      ...verificationWrites(ctx.config, {
        requestId: opening.id,
        trackingNumber: opening.trackingNumber,
        receivedAt,
        jurisdiction: opening.jurisdiction,
        need: opening.need,
        recipient: prover,
        ...(submitter.role === "self" ? {} : { filedBy: { role: submitter.role, name: agentName(submitter) } }),
        confirmsAgent: consumerConfirmsAgent({ submitterRole: submitter.role, channel: opening.channel }),
        excludedDataPoints: dataPointsTouchedBy(input.corrections),
        now: receivedAt,
        sequence: 1,
      }),
    );
  }
  const request: Opening["request"] = {
    id: opening.id,
    trackingNumber: opening.trackingNumber,
    kind: input.kind,
    jurisdiction: opening.jurisdiction,
    accessScope: input.kind === "access" ? (input.accessScope ?? "specific_pieces") : null,
    ageBand: input.ageBand ?? null,
    channel: opening.channel,
    language: input.language ?? "en",
    drpAgentId: opening.drp?.agentId ?? null,
    drpAgentRequestId: opening.drp?.agentRequestId ?? null,
    drpStatusCallback: opening.drp?.statusCallback ?? null,
    subjectName: input.subject.name,
    subjectEmail: input.subject.email,
    subjectPhone: input.subject.phone ?? null,
    subjectAccountId: input.subject.accountId ?? null,
    submitterRole: submitter.role,
    submitterName: submitter.name ?? null,
    submitterEmail: submitter.email ?? null,
    submitterOrganisation: submitter.organisation ?? null,
    agentAuthority: submitter.authority ?? null,
    verificationLevel: opening.need.level,
    verificationBasis: opening.need.basis,
    flags: opening.flags,
    details: input.details ?? null,
    corrections: input.corrections ?? null,
    optOutScopes: input.optOutScopes ?? null,
    receivedAt,
    respondBy: receipt.respondBy,
    extensionNoticeBy: opening.deadlines.extensionNoticeBy ?? null,
    clocks: receipt.clocks,
    rulesVersion: opening.deadlines.rulesVersion,
  };
  const actor = opening.recordedBy?.actor ?? opening.receivedFrom ?? anonymousRequester;
  // Our own part proceeds as any request; each controller's part is its own request, opened with it.
  const parts = opening.routing.map((target) => routedPartOpening(ctx.config, request, target, actor));
  return {
    request,
    actor,
    parts,
    received: {
      channel: opening.channel,
      kind: input.kind,
      jurisdiction: opening.jurisdiction,
      ...(input.jurisdiction.trim().toUpperCase() !== opening.jurisdiction.toUpperCase()
        ? { statedJurisdiction: input.jurisdiction.trim().toUpperCase() }
        : {}),
      respondBy: opening.deadlines.respondBy,
      ...(opening.recordedBy ? { enteredAt: opening.recordedBy.enteredAt.toISOString() } : {}),
      ...(opening.recordedBy?.note ? { note: opening.recordedBy.note } : {}),
      ...(opening.gpcHonoured
        ? { gpc: { honoured: true, scopes: opening.gpcHonoured.scopes, cite: opening.gpcHonoured.cite } }
        : {}),
      ...(parts.length > 0
        ? {
            routed: parts.map((part) => ({
              controller: part.request.controllerId,
              trackingNumber: part.request.trackingNumber,
            })),
          }
        : {}),
    },
    firstMove: {
      to: receipt.status,
      action: receipt.status === "verifying" ? "verification_started" : "ready_for_review",
      actor: systemJob("intake"),
      data: { verificationLevel: opening.need.level, basis: opening.need.basis },
    },
    filer,
    messages,
    alsoWrite,
  };
}

/** The uses a request opts out of, which bind from its receipt: an opt-out's scopes, or the use of sensitive data. */
function optedOutScopes(input: IntakeInput): SuppressionScope[] {
  if (input.kind === "opt_out") return scopesOfOptOut(input.optOutScopes);
  return input.kind === "limit_sensitive" ? ["sensitive_data"] : [];
}

/** The seconds to wait when the statement was refused by a rate limit it counted against. */
function overLimitBy(error: unknown): number | undefined {
  for (let cause: unknown = error; cause instanceof Object; cause = (cause as { cause?: unknown }).cause) {
    const { code, detail } = cause as { code?: unknown; detail?: unknown };
    if (code === overLimitCode) return Number(detail) || 1;
  }
  return undefined;
}

/** How the consumer knows whoever filed for them: the agent's business, else the person. */
function agentName(submitter: { name?: string | undefined; organisation?: string | undefined }): string {
  return submitter.organisation ?? submitter.name ?? "someone acting for you";
}

/** True when this request is the first to use the key; a concurrent twin's insert waits for this one's outcome. */
async function claimIdempotencyKey(
  tx: Transaction,
  key: string,
  inputHash: string,
  receipt: IntakeReceipt,
): Promise<boolean> {
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ key, bodyHash: inputHash, requestId: receipt.id, response: receipt })
    .onConflictDoNothing({ target: idempotencyKeys.key })
    .returning({ key: idempotencyKeys.key });
  return claimed.length > 0;
}

async function findEarlierAnswer(ctx: AppContext, key: string, inputHash: string): Promise<IntakeReceipt | undefined> {
  const [earlier] = await ctx.db
    .select({ bodyHash: idempotencyKeys.bodyHash, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.key, key));
  if (!earlier) return undefined;
  if (earlier.bodyHash !== inputHash) {
    throw new DomainError("validation", "This Idempotency-Key was already used with a different body.", [
      { field: "Idempotency-Key", message: "was already used with a different body" },
    ]);
  }
  return earlier.response as IntakeReceipt;
}
