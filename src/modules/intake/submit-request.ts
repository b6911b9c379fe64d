import { createHash, randomUUID } from "node:crypto";
import { eq, type SQLWrapper, TransactionRollbackError } from "drizzle-orm";
import stringify from "safe-stable-stringify";
import type { AppContext } from "../../context.js";
import type { Executor, Transaction } from "../../db/index.js";
import { writeAtOnce } from "../../db/one-statement.js";
import { idempotencyKeys, requests } from "../../db/schema/index.js";
import { anonymousRequester } from "../../domain/actor.js";
import { computeDeadlines } from "../../domain/deadlines.js";
import { DomainError } from "../../domain/errors.js";
import type { IntakeChannel } from "../../domain/vocabulary.js";
import { recordEvent } from "../audit/record-event.js";
import { enqueueMail } from "../outbox/enqueue.js";
import type { IntakeInput, IntakeReceipt } from "./schemas.js";
import { newTrackingNumber } from "./tracking-number.js";

export interface SubmitRequest {
  ctx: AppContext;
  input: IntakeInput;
  channel: IntakeChannel;
  /** A client-chosen key: the same key with the same input returns the first receipt and creates nothing. */
  idempotencyKey?: string | undefined;
}

export interface Submitted {
  receipt: IntakeReceipt;
  replayed: boolean;
}

/**
 * Opens a request: works out its clocks, stores it with its first audit event and the acknowledgement it owes,
 * all in one statement (with the idempotency key, one transaction), so a request answered 2xx is never lost and
 * always acknowledged.
 */
export async function submitRequest({ ctx, input, channel, idempotencyKey }: SubmitRequest): Promise<Submitted> {
  const inputHash = idempotencyKey ? createHash("sha256").update(stringify(input)).digest("hex") : "";
  if (idempotencyKey) {
    const earlier = await findEarlierAnswer(ctx, idempotencyKey, inputHash);
    if (earlier) return { receipt: earlier, replayed: true };
  }
  for (let attempt = 1; ; attempt++) {
    const receivedAt = ctx.now();
    const deadlines = computeDeadlines(
      { kind: input.kind, jurisdiction: input.jurisdiction, receivedAt },
      { timeZone: ctx.config.BUSINESS_TIMEZONE, responsePromiseDays: ctx.config.RESPONSE_PROMISE_DAYS },
    );
    const receipt: IntakeReceipt = {
      id: randomUUID(),
      trackingNumber: newTrackingNumber(),
      status: "received",
      receivedAt: receivedAt.toISOString(),
      respondBy: deadlines.respondBy,
      respondByBasis: deadlines.respondByBasis,
      clocks: deadlines.clocks,
    };
    const writes = intakeWrites(ctx.db, {
      input,
      channel,
      receipt,
      receivedAt,
      extensionNoticeBy: deadlines.extensionNoticeBy,
    });
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

interface NewRequest {
  input: IntakeInput;
  channel: IntakeChannel;
  receipt: IntakeReceipt;
  receivedAt: Date;
  extensionNoticeBy: string | undefined;
}

/** The request, its first audit event and the acknowledgement it owes, to be written together. */
function intakeWrites(
  db: Executor,
  { input, channel, receipt, receivedAt, extensionNoticeBy }: NewRequest,
): [SQLWrapper, ...SQLWrapper[]] {
  const submitter = input.submittedBy ?? { role: "self" as const };
  // An agent or a parent filed it, so they hear from us; otherwise the subject does.
  const recipient = submitter.role !== "self" && submitter.email ? submitter.email : input.subject.email;
  const recipientName = submitter.role !== "self" && submitter.name ? submitter.name : input.subject.name;
  const request = db.insert(requests).values({
    id: receipt.id,
    trackingNumber: receipt.trackingNumber,
    kind: input.kind,
    status: receipt.status,
    jurisdiction: input.jurisdiction,
    ageBand: input.ageBand ?? null,
    channel,
    subjectName: input.subject.name,
    subjectEmail: input.subject.email,
    subjectPhone: input.subject.phone ?? null,
    subjectAccountId: input.subject.accountId ?? null,
    submitterRole: submitter.role,
    submitterName: submitter.name ?? null,
    submitterEmail: submitter.email ?? null,
    details: input.details ?? null,
    corrections: input.corrections ?? null,
    optOutScopes: input.optOutScopes ?? null,
    receivedAt,
    respondBy: receipt.respondBy,
    extensionNoticeBy: extensionNoticeBy ?? null,
    clocks: receipt.clocks,
  });
  const received = recordEvent(db, {
    requestId: receipt.id,
    at: receivedAt,
    actor: anonymousRequester,
    action: "received",
    toStatus: receipt.status,
    data: { channel, kind: input.kind, jurisdiction: input.jurisdiction, respondBy: receipt.respondBy },
  });
  const acknowledgement = enqueueMail(db, {
    idempotencyKey: `request:${receipt.id}:acknowledgement`,
    template: "acknowledgement",
    recipient,
    requestId: receipt.id,
    dueAt: receivedAt,
    payload: {
      recipientName,
      trackingNumber: receipt.trackingNumber,
      kind: input.kind,
      receivedAt: receipt.receivedAt,
      respondBy: receipt.respondBy,
    },
  });
  return [request, received, acknowledgement];
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
