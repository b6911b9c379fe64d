import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { ResolvedConfig } from "../context.js";
import type { Database } from "../db/index.js";
import { outbox, requests } from "../db/schema/index.js";
import type { ExerciseStatus } from "../domain/drp-status.js";
import { type Language, languages } from "../domain/vocabulary.js";
import { isMessageName, isRequesterMessage, type MessageName } from "../mail/messages.js";
import type { Renderer } from "../mail/render.js";
import type { Mailer } from "../mail/transport.js";
import { postExerciseStatus } from "../modules/agents/callbacks.js";
import { postTaskJob, runConnectorTask, taskUndeliverable } from "../modules/fulfilment/deliver-task.js";
import type { ControllerEvent } from "../modules/outbox/enqueue.js";
import { controllerUnreachable, postControllerEvent } from "../modules/routing/controller-events.js";
import { markForwarded } from "../modules/routing/forwarding.js";
import { ForbiddenCallback } from "../security/callback-url.js";
import { unseal } from "../security/secrets.js";

export interface DispatchDeps {
  db: Database;
  config: ResolvedConfig;
  mailer: Mailer;
  render: Renderer;
}

export interface DispatchReport {
  sent: number;
  retrying: number;
  dead: number;
}

/** How long a claimed batch is reserved: long enough to start on each of its messages. */
const claimLeaseMs = 30_000;
/** How long a message being sent is reserved: longer than any SMTP exchange (see the transport's timeouts). */
export const sendLeaseMs = 2 * 60_000;
/** While the database is away, how often a dispatcher tries again to record a message the mail server accepted. */
const recordRetryMs = 500;
const backoffCapMs = 6 * 3_600_000;

/**
 * Delivers what the outbox owes that is due (e-mails, webhook jobs, connector runs), `MAIL_CONCURRENCY` at a time,
 * with one rule for retries and dead letters; a task whose work is dead is failed. A batch is claimed under a short
 * lease inside a `FOR UPDATE SKIP LOCKED` select, so dispatchers in any number of processes take disjoint rows; each
 * message's lease is then renewed just before it is sent, and it is recorded as sent, in a statement of its own, as
 * soon as the mail server (or the system) accepts it. A dispatcher that dies leaves the messages it had not started to others within half a minute,
 * and may have sent at most the ones in flight (at most `MAIL_CONCURRENCY`) without recording them: those are sent
 * again after their lease, with the same Message-ID, so a mail client can fold the repeat.
 */
export async function runOutboxDispatch(
  deps: DispatchDeps,
  now: Date,
  /** Stops it claiming another batch; the batch in hand is still delivered and recorded. */
  stopping?: AbortSignal,
): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, retrying: 0, dead: 0 };
  const concurrency = deps.config.MAIL_CONCURRENCY;
  // A run can last longer than a lease: each lease is taken from the time it is taken at, not when the run began.
  const startedAt = performance.now();
  const clock = () => new Date(now.getTime() + (performance.now() - startedAt));
  while (!stopping?.aborted) {
    const claimed = await claimDue(deps.db, clock(), concurrency * 4);
    if (claimed.length === 0) return report;
    let next = 0;
    const worker = async () => {
      for (let row = claimed[next++]; row; row = claimed[next++]) {
        const outcome = await deliver(deps, row, clock);
        if (outcome) report[outcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
  }
  return report;
}

type ClaimedRow = typeof outbox.$inferSelect;

async function claimDue(db: Database, now: Date, batchSize: number): Promise<ClaimedRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.state, "pending"), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(batchSize)
    .for("update", { skipLocked: true });
  return db
    .update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + claimLeaseMs), attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

/** Renews a claimed message's lease for the send, unless another dispatcher has claimed it since. */
async function renewLease(db: Database, row: ClaimedRow, now: Date): Promise<boolean> {
  const renewed = await db
    .update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + sendLeaseMs) })
    .where(and(eq(outbox.id, row.id), eq(outbox.state, "pending"), eq(outbox.nextAttemptAt, row.nextAttemptAt)))
    .returning({ id: outbox.id });
  return renewed.length > 0;
}

async function deliver(
  deps: DispatchDeps,
  row: ClaimedRow,
  clock: () => Date,
): Promise<keyof DispatchReport | undefined> {
  const leasedAt = clock();
  if (!(await renewLease(deps.db, row, leasedAt))) return undefined;
  try {
    await couriers[row.channel](deps, row, clock);
  } catch (error) {
    const now = clock();
    const permanent = isPermanent(error);
    const dead = permanent || row.attempts >= deps.config.OUTBOX_MAX_ATTEMPTS;
    const firstDelayMs = deps.config.OUTBOX_RETRY_FIRST_SECONDS * 1000;
    await deps.db
      .update(outbox)
      .set({
        state: dead ? "dead" : "pending",
        nextAttemptAt: dead ? now : new Date(now.getTime() + backoffMs(row.attempts, firstDelayMs)),
        lastError: describeFailure(error),
      })
      .where(eq(outbox.id, row.id));
    if (dead) await undeliverable(deps, row, clock, describeFailure(error));
    return dead ? "dead" : "retrying";
  }
  await recordSent(deps.db, row, clock, leasedAt.getTime() + sendLeaseMs);
  return "sent";
}

type Courier = (deps: DispatchDeps, row: ClaimedRow, clock: () => Date) => Promise<void>;

/** How each channel's message is delivered; each throws when it was not, for the outbox to retry. */
const couriers: Record<ClaimedRow["channel"], Courier> = {
  async mail(deps, row, clock) {
    if (!isMessageName(row.template)) throw new PermanentFailure(`no template named ${row.template}`);
    const { sealed, ...payload } = row.payload;
    const secrets = typeof sealed === "string" ? unseal(deps.config.TOKEN_SECRET, sealed) : {};
    const language = await languageOf(deps.db, { ...row, template: row.template });
    const rendered = deps.render(row.template, { ...payload, ...secrets }, language);
    await deps.mailer.send({ ...rendered, to: row.recipient, idempotencyKey: row.idempotencyKey });
    await afterMail(deps, row, clock);
  },
  webhook: (deps, row, clock) =>
    row.template === "controller_event"
      ? postControllerEvent(workContext(deps, clock), partOf(row), eventOf(row), row.idempotencyKey)
      : postTaskJob(workContext(deps, clock), taskOf(row), row.idempotencyKey, row.attempts),
  connector: (deps, row, clock) => runConnectorTask(workContext(deps, clock), taskOf(row), row.attempts),
  async drp_callback(deps, row) {
    const status = row.payload.status as ExerciseStatus;
    try {
      await postExerciseStatus(deps, { requestId: row.requestId ?? "", url: row.recipient, status });
    } catch (error) {
      // A callback that points inward will not stop doing so: no retries, a dead letter that says why.
      if (error instanceof ForbiddenCallback) throw new PermanentFailure(error.message);
      throw error;
    }
  },
};

/**
 * The language of the request a message is about, which its requester's e-mails are written in, or the message's
 * own where it names it (a complaint, which may be about no request).
 */
async function languageOf(db: Database, row: ClaimedRow & { template: MessageName }): Promise<Language> {
  if (!isRequesterMessage(row.template)) return "en";
  const own = (row.payload as { language?: unknown }).language;
  if ((languages as readonly unknown[]).includes(own)) return own as Language;
  if (!row.requestId) return "en";
  const [request] = await db
    .select({ language: requests.language })
    .from(requests)
    .where(eq(requests.id, row.requestId));
  return request?.language ?? "en";
}

/** What else a delivered e-mail does: a routed part's notice reaching the controller forwards it. */
async function afterMail(deps: DispatchDeps, row: ClaimedRow, clock: () => Date) {
  if (row.template === "controller_notice" && row.requestId) {
    await markForwarded(workContext(deps, clock), row.requestId, "mail");
  }
}

/** Work the outbox gave up on: a task fails; a controller's webhook is noted on its part's trail. */
async function undeliverable(deps: DispatchDeps, row: ClaimedRow, clock: () => Date, error: string) {
  // An e-mail or an agent's callback given up on is a dead letter for an admin, and nothing more.
  if (row.channel === "mail" || row.channel === "drp_callback") return;
  if (row.template === "controller_event") {
    await controllerUnreachable(workContext(deps, clock), partOf(row), eventOf(row), error);
  } else await taskUndeliverable(workContext(deps, clock), taskOf(row), error);
}

const workContext = (deps: DispatchDeps, clock: () => Date) => ({ db: deps.db, config: deps.config, now: clock });

function partOf(row: ClaimedRow): string {
  if (typeof row.payload.requestId !== "string") throw new PermanentFailure("the message names no request");
  return row.payload.requestId;
}

function eventOf(row: ClaimedRow): ControllerEvent {
  return row.payload.event === "routed" ? "routed" : "status";
}

function taskOf(row: ClaimedRow): string {
  if (typeof row.payload.taskId !== "string") throw new PermanentFailure("the message names no task");
  return row.payload.taskId;
}

/**
 * The mail server has the message: a database away for a moment must not make it go out twice. So recording it is
 * tried again until the send lease ends, which keeps every other dispatcher from sending it meanwhile.
 */
async function recordSent(db: Database, row: ClaimedRow, clock: () => Date, leaseEndsAt: number): Promise<void> {
  // Sealed secrets (verification links and codes) have done their job once sent: drop them.
  const { sealed: _delivered, ...kept } = row.payload;
  for (;;) {
    try {
      await db
        .update(outbox)
        .set({ state: "sent", sentAt: clock(), lastError: null, payload: kept })
        .where(eq(outbox.id, row.id));
      return;
    } catch (error) {
      if (clock().getTime() + recordRetryMs >= leaseEndsAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, recordRetryMs));
    }
  }
}

/** Exponential from `firstDelayMs`, capped at six hours, with jitter so messages failed together do not retry together. */
export function backoffMs(attempts: number, firstDelayMs = 60_000, random = Math.random): number {
  const exponential = Math.min(firstDelayMs * 2 ** (attempts - 1), backoffCapMs);
  return Math.round(exponential * (0.5 + random() / 2));
}

class PermanentFailure extends Error {}

/** A render failure or a 5xx answer from the mail server will not improve with retries. */
function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentFailure || (error instanceof Error && error.name === "ZodError")) return true;
  const responseCode = (error as { responseCode?: unknown }).responseCode;
  return typeof responseCode === "number" && responseCode >= 500;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 500);
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  return [error.name, code, responseCode, error.message].filter(Boolean).join(" ").slice(0, 500);
}
