import { asc, eq } from "drizzle-orm";
import { isUniqueViolation } from "../../db/errors.js";
import type { Database } from "../../db/index.js";
import { processors } from "../../db/schema/index.js";
import type { ActedBy } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { sealWebhookSecret, unsealWebhookSecret } from "../../security/webhook-signatures.js";
import { recordAuditEvent } from "../audit/general-trail.js";

type Row = typeof processors.$inferSelect;

export interface ProcessorView {
  id: string;
  name: string;
  /** Whether its signing secret is entered: until it is, nothing it sends is taken. */
  hasSigningSecret: boolean;
  enabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

const viewOf = (row: Row): ProcessorView => ({
  id: row.id,
  name: row.name,
  hasSigningSecret: row.signingSecretSealed !== null,
  enabled: row.enabled,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * Registers a processor that forwards requests about our data to us (the other side of routing), on the general
 * trail. Its signing secret is the one it issued us; it may be entered now or later, once the processor has our
 * address for it, which includes this registration's id.
 */
export async function registerProcessor(
  db: Database,
  tokenSecret: string,
  registration: { name: string; signingSecret?: string | undefined },
  by: ActedBy,
): Promise<ProcessorView> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(processors)
        .values({
          name: registration.name,
          signingSecretSealed: registration.signingSecret
            ? sealWebhookSecret(tokenSecret, registration.signingSecret)
            : null,
          createdAt: by.at,
          updatedAt: by.at,
        })
        .returning();
      const processor = row as Row;
      await recordAuditEvent(tx, {
        subjectType: "processor",
        subjectId: processor.id,
        actor: by.actor,
        at: by.at,
        action: "processor_registered",
        data: { name: processor.name, signingSecret: Boolean(registration.signingSecret) },
      });
      return viewOf(processor);
    });
  } catch (error) {
    throw isUniqueViolation(error, "processors_name_unique")
      ? new DomainError("conflict", `A processor named ${registration.name} is registered already.`)
      : error;
  }
}

/** Enters a new signing secret or turns it off or on, at the version loaded, on the general trail (never the secret). */
export async function changeProcessor(
  db: Database,
  tokenSecret: string,
  id: string,
  change: { version: number; signingSecret?: string | undefined; enabled?: boolean | undefined },
  by: ActedBy,
): Promise<ProcessorView> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(processors).where(eq(processors.id, id)).for("update");
    if (!current) throw new DomainError("not_found", `No processor with id ${id}.`);
    if (current.version !== change.version) {
      throw new DomainError("conflict", `The processor changed since version ${change.version}; reload it.`);
    }
    const [row] = await tx
      .update(processors)
      .set({
        ...(change.signingSecret ? { signingSecretSealed: sealWebhookSecret(tokenSecret, change.signingSecret) } : {}),
        ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
        version: current.version + 1,
        updatedAt: by.at,
      })
      .where(eq(processors.id, id))
      .returning();
    await recordAuditEvent(tx, {
      subjectType: "processor",
      subjectId: id,
      actor: by.actor,
      at: by.at,
      action: "processor_changed",
      data: { changed: Object.keys(change).filter((field) => field !== "version") },
    });
    return viewOf(row as Row);
  });
}

export async function listProcessors(db: Database): Promise<ProcessorView[]> {
  return (await db.select().from(processors).orderBy(asc(processors.name))).map(viewOf);
}

/** The secret an enabled processor signs with; none for an unknown, a disabled or a not yet keyed one. */
export async function processorSecretOf(db: Database, tokenSecret: string, id: string): Promise<string | undefined> {
  const [row] = await db
    .select({ sealed: processors.signingSecretSealed, enabled: processors.enabled, name: processors.name })
    .from(processors)
    .where(eq(processors.id, id));
  return row?.enabled && row.sealed ? unsealWebhookSecret(tokenSecret, row.sealed) : undefined;
}

export async function processorName(db: Database, id: string): Promise<string> {
  const [row] = await db.select({ name: processors.name }).from(processors).where(eq(processors.id, id));
  return row?.name ?? "a processor";
}
