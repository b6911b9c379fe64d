import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { outbox, requests } from "../../db/schema/index.js";
import { DomainError } from "../../domain/errors.js";

export interface DeadLetter {
  id: number;
  template: string;
  trackingNumber: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** Messages the dispatcher gave up on, newest first, for an admin to look at and retry. */
export async function listDeadLetters(db: Database, limit = 100): Promise<DeadLetter[]> {
  return db
    .select({
      id: outbox.id,
      template: outbox.template,
      trackingNumber: requests.trackingNumber,
      attempts: outbox.attempts,
      lastError: outbox.lastError,
      createdAt: outbox.createdAt,
    })
    .from(outbox)
    .leftJoin(requests, eq(requests.id, outbox.requestId))
    .where(eq(outbox.state, "dead"))
    .orderBy(desc(outbox.id))
    .limit(limit);
}

/** Puts a dead message back in the queue with a fresh count of attempts. */
export async function retryDeadLetter(db: Database, id: number, now: Date): Promise<void> {
  const revived = await db
    .update(outbox)
    .set({ state: "pending", attempts: 0, nextAttemptAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.state, "dead")))
    .returning({ id: outbox.id });
  if (revived.length === 0) throw new DomainError("not_found", `No dead message with id ${id}.`);
}
