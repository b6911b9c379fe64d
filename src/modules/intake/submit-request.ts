import { createHash, randomUUID } from "node:crypto";
import { eq, type SQLWrapper, TransactionRollbackError } from "drizzle-orm";
import stringify from "safe-stable-stringify";
import type { AppContext } from "../../context.js";
import type { Transaction } from "../../db/index.js";
import { writeAtOnce } from "../../db/one-statement.js";
import { idempotencyKeys, requestDocuments, requests } from "../../db/schema/index.js";
import { type Actor, anonymousRequester } from "../../domain/actor.js";
import { computeDeadlines, type Deadlines } from "../../domain/deadlines.js";
import { DomainError } from "../../domain/errors.js";
import { assertMove, type RequestStatus } from "../../domain/lifecycle.js";
import { type Correspondent, checkRepresentation, filerOf, type RequestFlag } from "../../domain/representation.js";
import { dataPointsTouchedBy, type VerificationNeed, verificationNeeded } from "../../domain/verification.js";
import type { IntakeChannel } from "../../domain/vocabulary.js";
import { type RequestEvent, recordEvent } from "../audit/record-event.js";
import { enqueueMail } from "../outbox/enqueue.js";
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
}

/**
 * Opens a request: works out its clocks, who may file it and how the requester must prove who they are, then
 * stores it with its audit events, its acknowledgement and (where needed) its verification e-mail, all in one
 * statement (with an idempotency key, one transaction), so a request answered 2xx is never lost or left silent.
 * Nothing here looks at what the company holds about the subject, so the answer cannot reveal it.
 */
export async function submitRequest({
  ctx,
  input,
  channel,
  idempotencyKey,
  recordedBy,
}: SubmitRequest): Promise<Submitted> {
  const inputHash = idempotencyKey ? createHash("sha256").update(stringify(input)).digest("hex") : "";
  if (idempotencyKey) {
    const earlier = await findEarlierAnswer(ctx, idempotencyKey, inputHash);
    if (earlier) return { receipt: earlier, replayed: true };
  }
  for (let attempt = 1; ; attempt++) {
    const receivedAt = recordedBy?.receivedAt ?? ctx.now();
    const deadlines = computeDeadlines(
      { kind: input.kind, jurisdiction: input.jurisdiction, receivedAt },
      { timeZone: ctx.config.BUSINESS_TIMEZONE, responsePromiseDays: ctx.config.RESPONSE_PROMISE_DAYS },
    );
    const representation = checkRepresentation({
      kind: input.kind,
      jurisdiction: input.jurisdiction,
      ageBand: input.ageBand,
      submitterRole: input.submittedBy?.role ?? "self",
      receivedOn: deadlines.receiptDate,
    });
    if (representation.issues.length > 0) {
      throw new DomainError("validation", "This request cannot be filed this way.", representation.issues);
    }
    const need = verificationNeeded({ ...input, actingAsParent: input.submittedBy?.role === "parent" });
    const opening: Opening = {
      input,
      channel,
      receivedAt,
      deadlines,
      need,
      flags: representation.flags,
      id: randomUUID(),
      trackingNumber: newTrackingNumber(),
      recordedBy,
    };
    const receipt = receiptOf(opening);
    const writes = intakeWrites(ctx, opening, receipt);
    try {
      if (!idempotencyKey) {
        await writeAtOnce(ctx.db, writes);
        return { receipt, replayed: false };
      }
      return await ctx.db.transaction(async (tx) => {
        await writeAtOnce(tx, writes);
        // Lost the race for the key to a concurrent twin: undo this copy and answer with the twin's receipt.
        if (!(await claimIdempotencyKey(tx, idempotencyKey, inputHash, receipt))) tx.rollback();
        return { receipt, replayed: false };
      });
    } catch (error) {
      if (idempotencyKey && error instanceof TransactionRollbackError) {
        const earlier = await findEarlierAnswer(ctx, idempotencyKey, inputHash);
        if (earlier) return { receipt: earlier, replayed: true };
      }
      // 40 random bits make a clash of tracking numbers rare; a second draw makes it vanishingly so.
      if (attempt < 3 && isUniqueViolation(error, "requests_tracking_number_unique")) continue;
      throw error;
    }
  }
}

interface Opening {
  input: IntakeInput;
  channel: IntakeChannel;
  receivedAt: Date;
  deadlines: Deadlines;
  need: VerificationNeed;
  flags: RequestFlag[];
  id: string;
  trackingNumber: string;
  recordedBy: StaffRecording | undefined;
}

/**
 * Where a new request goes first. Opt-outs need no proof, and a power of attorney stands in for the consumer's own
 * confirmation (11 CCR §7063(b)), so both go straight to review; everything else waits for verification.
 */
function firstStatus({ need, input }: Opening): RequestStatus {
  const powerOfAttorney = input.submittedBy?.authority === "power_of_attorney";
  return need.level === "none" || powerOfAttorney ? "in_review" : "verifying";
}

function receiptOf(opening: Opening): IntakeReceipt {
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

/** The request, its audit events, the acknowledgement and any verification it owes, to be written together. */
function intakeWrites(ctx: AppContext, opening: Opening, receipt: IntakeReceipt): [SQLWrapper, ...SQLWrapper[]] {
  const { db } = ctx;
  const { input, receivedAt } = opening;
  const submitter = input.submittedBy ?? { role: "self" as const };
  // An agent or a parent filed it, so they hear from us; otherwise the subject does.
  const filer = filerOf(input.subject, submitter);
  const acknowledge = (to: Correspondent, key: string) =>
    enqueueMail(db, {
      idempotencyKey: `request:${opening.id}:${key}`,
      template: "acknowledgement",
      recipient: to.email,
      requestId: opening.id,
      dueAt: receivedAt,
      payload: {
        recipientName: to.name,
        trackingNumber: opening.trackingNumber,
        kind: input.kind,
        receivedAt: receipt.receivedAt,
        respondBy: receipt.respondBy,
      },
    });
  const writes: SQLWrapper[] = [
    db.insert(requests).values({
      id: opening.id,
      trackingNumber: opening.trackingNumber,
      kind: input.kind,
      status: receipt.status,
      jurisdiction: input.jurisdiction,
      accessScope: input.kind === "access" ? (input.accessScope ?? "specific_pieces") : null,
      ageBand: input.ageBand ?? null,
      channel: opening.channel,
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
    }),
    recordEvent(db, ...intakeEvents(opening, receipt.status)),
    acknowledge(filer, "acknowledgement"),
  ];
  // The consumer hears of a request made in their name too, from us and not only through the agent.
  if (submitter.role === "authorized_agent") writes.push(acknowledge(input.subject, "acknowledgement:subject"));
  const scan = opening.recordedBy?.scan;
  if (scan) {
    writes.push(
      db.insert(requestDocuments).values({
        requestId: opening.id,
        kind: "intake_scan",
        mediaType: scan.mediaType,
        sizeBytes: scan.content.byteLength,
        content: scan.content,
      }),
    );
  }
  if (receipt.status === "verifying") {
    // The person who proves identity: the parent for a child, otherwise the subject, even when an agent filed it.
    const prover = submitter.role === "parent" ? filer : { email: input.subject.email, name: input.subject.name };
    writes.push(
      ...verificationWrites(db, ctx.config, {
        requestId: opening.id,
        trackingNumber: opening.trackingNumber,
        need: opening.need,
        recipient: prover,
        confirmsAgent: submitter.role === "authorized_agent",
        excludedDataPoints: dataPointsTouchedBy(input.corrections),
        now: receivedAt,
        sequence: 1,
      }),
    );
  }
  return writes as [SQLWrapper, ...SQLWrapper[]];
}

/** "Received", then the first move the lifecycle allows: to verification, or straight to review. */
function intakeEvents(opening: Opening, status: RequestStatus): RequestEvent[] {
  const { input, receivedAt } = opening;
  const received: RequestEvent = {
    requestId: opening.id,
    at: receivedAt,
    actor: opening.recordedBy?.actor ?? anonymousRequester,
    action: "received",
    toStatus: "received",
    rulesVersion: opening.deadlines.rulesVersion,
    data: {
      channel: opening.channel,
      kind: input.kind,
      jurisdiction: input.jurisdiction,
      respondBy: opening.deadlines.respondBy,
      ...(opening.recordedBy ? { enteredAt: opening.recordedBy.enteredAt.toISOString() } : {}),
      ...(opening.recordedBy?.note ? { note: opening.recordedBy.note } : {}),
    },
  };
  if (status === "received") return [received];
  assertMove("received", status);
  return [
    received,
    {
      requestId: opening.id,
      at: receivedAt,
      actor: { type: "system" },
      action: status === "verifying" ? "verification_started" : "ready_for_review",
      fromStatus: "received",
      toStatus: status,
      data: { verificationLevel: opening.need.level, basis: opening.need.basis },
    },
  ];
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

function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let cause: unknown = error; cause instanceof Object; cause = (cause as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint: name } = cause as Record<string, unknown>;
    if (code === "23505" && (constraint_name === constraint || name === constraint)) return true;
  }
  return false;
}
