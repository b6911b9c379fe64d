import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { ResolvedConfig } from "../context.js";
import type { Database } from "../db/index.js";
import { outbox } from "../db/schema/index.js";
import { isMessageName } from "../mail/messages.js";
import type { Renderer } from "../mail/render.js";
import type { Mailer } from "../mail/transport.js";
import { unseal } from "../security/secrets.js";

export interface DispatchDeps {
  db: Database;
  config: Pick<ResolvedConfig, "OUTBOX_MAX_ATTEMPTS" | "TOKEN_SECRET">;
  mailer: Mailer;
  render: Renderer;
}

export interface DispatchReport {
  sent: number;
  retrying: number;
  dead: number;
}

/** Longer than any SMTP exchange can take (see the transport's timeouts), so a claimed message is never sent twice. */
const leaseMs = 5 * 60_000;
const batchSize = 50;
const backoffBaseMs = 60_000;
const backoffCapMs = 6 * 3_600_000;

/**
 * Delivers the e-mails that are due. Each batch is claimed by pushing its rows' next attempt past a lease, inside a
 * `FOR UPDATE SKIP LOCKED` select, so any number of dispatchers in any number of processes take disjoint rows and
 * none holds a transaction open while it talks to the mail server. A dispatcher that dies mid-batch leaves its rows
 * to be claimed again once the lease runs out.
 */
export async function runOutboxDispatch(
  deps: DispatchDeps,
  now: Date,
  /** Stops it claiming another batch; the batch in hand is still delivered and recorded. */
  stopping?: AbortSignal,
): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, retrying: 0, dead: 0 };
  while (!stopping?.aborted) {
    const claimed = await claimDueMail(deps.db, now);
    if (claimed.length === 0) return report;
    for (const row of claimed) report[await deliver(deps, row, now)] += 1;
  }
  return report;
}

type ClaimedRow = typeof outbox.$inferSelect;

async function claimDueMail(db: Database, now: Date): Promise<ClaimedRow[]> {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.state, "pending"), eq(outbox.channel, "mail"), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(batchSize)
    .for("update", { skipLocked: true });
  return db
    .update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseMs), attempts: sql`${outbox.attempts} + 1` })
    .where(inArray(outbox.id, due))
    .returning();
}

async function deliver(deps: DispatchDeps, row: ClaimedRow, now: Date): Promise<keyof DispatchReport> {
  try {
    if (!isMessageName(row.template)) throw new PermanentFailure(`no template named ${row.template}`);
    const { sealed, ...payload } = row.payload;
    const secrets = typeof sealed === "string" ? unseal(deps.config.TOKEN_SECRET, sealed) : {};
    const rendered = deps.render(row.template, { ...payload, ...secrets });
    await deps.mailer.send({ ...rendered, to: row.recipient, idempotencyKey: row.idempotencyKey });
  } catch (error) {
    const permanent = isPermanent(error);
    const dead = permanent || row.attempts >= deps.config.OUTBOX_MAX_ATTEMPTS;
    await deps.db
      .update(outbox)
      .set({
        state: dead ? "dead" : "pending",
        nextAttemptAt: dead ? now : new Date(now.getTime() + backoffMs(row.attempts)),
        lastError: describeFailure(error),
      })
      .where(eq(outbox.id, row.id));
    return dead ? "dead" : "retrying";
  }
  // Sealed secrets (verification links and codes) have done their job once sent: drop them.
  const { sealed: _delivered, ...kept } = row.payload;
  await deps.db
    .update(outbox)
    .set({ state: "sent", sentAt: now, lastError: null, payload: kept })
    .where(eq(outbox.id, row.id));
  return "sent";
}

/** Exponential, capped, with jitter so that messages failed together do not all retry together. */
export function backoffMs(attempts: number, random = Math.random): number {
  const exponential = Math.min(backoffBaseMs * 2 ** (attempts - 1), backoffCapMs);
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
