import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { outbox, requests } from "../../db/schema/index.js";
import type { ActedBy } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { recordAuditEvent } from "../audit/general-trail.js";

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

/**
 * Puts a dead message back in the queue with a fresh count of attempts, on the trail. The trail keeps no error text:
 * a mail server's refusal can quote the address, and the trail is kept for good.
 */
export async function retryDeadLetter(db: Database, id: number, by: ActedBy): Promise<void> {
  await db.transaction(async (tx) => {
    const [dead] = await tx
      .select({ attempts: outbox.attempts, template: outbox.template })
      .from(outbox)
      .where(and(eq(outbox.id, id), eq(outbox.state, "dead")))
      .for("update");
    if (!dead) throw new DomainError("not_found", `No dead message with id ${id}.`);
    await tx.update(outbox).set({ state: "pending", attempts: 0, nextAttemptAt: by.at }).where(eq(outbox.id, id));
    await recordAuditEvent(tx, {
      subjectType: "outbox_message",
      subjectId: String(id),
      actor: by.actor,
      at: by.at,
      action: "dead_letter_retried",
      data: { template: dead.template, attempts: dead.attempts },
    });
  });
}
