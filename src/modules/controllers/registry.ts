import { and, asc, eq, inArray, or } from "drizzle-orm";
import { isUniqueViolation } from "../../db/errors.js";
import type { Database, Executor, Transaction } from "../../db/index.js";
import { controllerKeys, controllers, subjectRecords } from "../../db/schema/index.js";
import type { ActedBy } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import {
  type ControllerKeyKind,
  type ControllerMatch,
  decideScope,
  emailDomainOf,
  type Scope,
} from "../../domain/scope.js";
import { normaliseIdentifier } from "../../domain/suppression.js";
import { keyedHash } from "../../security/secrets.js";
import { newWebhookSecret, sealWebhookSecret } from "../../security/webhook-signatures.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import type { ControllerChange, ControllerKeysInput, ControllerRegistration, ControllerView } from "./schemas.js";

type Row = typeof controllers.$inferSelect;

/** Keys that are personal data are kept as keyed hashes; the others as written. */
const hashedKinds: ReadonlySet<ControllerKeyKind> = new Set(["account_id", "subject"]);
const listOfKind = {
  accountIds: "account_id",
  tenantIds: "tenant_id",
  emailDomains: "email_domain",
  subjects: "subject",
} as const;

function storedKey(tokenSecret: string, kind: ControllerKeyKind, value: string): string {
  const normal =
    kind === "subject"
      ? normaliseIdentifier("email", value)
      : kind === "account_id"
        ? normaliseIdentifier("account_id", value)
        : value.trim().toLowerCase();
  return hashedKinds.has(kind) ? keyedHash(tokenSecret, "controller-key", `${kind}:${normal}`) : normal;
}

/** Replaces the key lists given, leaving the others as they are. */
async function replaceKeys(tx: Transaction, tokenSecret: string, controllerId: string, keys: ControllerKeysInput) {
  for (const [list, kind] of Object.entries(listOfKind) as [keyof ControllerKeysInput, ControllerKeyKind][]) {
    const values = keys[list];
    if (!values) continue;
    await tx
      .delete(controllerKeys)
      .where(and(eq(controllerKeys.controllerId, controllerId), eq(controllerKeys.kind, kind)));
    const rows = [...new Set(values.map((value) => storedKey(tokenSecret, kind, value)))].map((value) => ({
      controllerId,
      kind,
      value,
    }));
    for (let from = 0; from < rows.length; from += 1_000)
      await tx.insert(controllerKeys).values(rows.slice(from, from + 1_000));
  }
}

/** Registers a business customer we process data for, on the general trail; its signing secret is answered once. */
export async function registerController(
  db: Database,
  tokenSecret: string,
  registration: ControllerRegistration,
  by: ActedBy,
): Promise<{ controller: ControllerView; webhookSecret?: string }> {
  const webhookSecret = registration.webhookUrl ? newWebhookSecret() : undefined;
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(controllers)
        .values({
          legalName: registration.legalName,
          contacts: registration.contacts,
          mayBeNamed: registration.mayBeNamed,
          describedAs: registration.describedAs,
          forwardingBusinessDays: registration.forwardingBusinessDays,
          ...(registration.webhookUrl && webhookSecret
            ? {
                webhookUrl: registration.webhookUrl,
                webhookSecretSealed: sealWebhookSecret(tokenSecret, webhookSecret),
              }
            : {}),
          createdAt: by.at,
          updatedAt: by.at,
        })
        .returning();
      const controller = row as Row;
      await replaceKeys(tx, tokenSecret, controller.id, registration.keys);
      await recordAuditEvent(tx, {
        subjectType: "controller",
        subjectId: controller.id,
        actor: by.actor,
        at: by.at,
        action: "controller_registered",
        data: { legalName: controller.legalName, keys: keyCounts(registration.keys) },
      });
      return { controller: await viewOf(tx, controller), ...(webhookSecret ? { webhookSecret } : {}) };
    });
  } catch (error) {
    throw nameTaken(error, registration.legalName);
  }
}

export async function listControllers(db: Database): Promise<ControllerView[]> {
  const rows = await db.select().from(controllers).orderBy(asc(controllers.legalName));
  const keys = await keysOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => viewWith(row, keys));
}

export async function findController(db: Database, id: string): Promise<ControllerView> {
  const [row] = await db.select().from(controllers).where(eq(controllers.id, id));
  if (!row) throw notFound(id);
  return viewOf(db, row);
}

/** Changes a controller at the version the admin loaded, on the general trail with the fields changed, not their values. */
export async function changeController(
  db: Database,
  tokenSecret: string,
  id: string,
  change: ControllerChange,
  by: ActedBy,
): Promise<ControllerView> {
  try {
    return await db.transaction(async (tx) => {
      const current = await locked(tx, id);
      if (current.version !== change.version) {
        throw new DomainError("conflict", `The controller changed since version ${change.version}; reload it.`);
      }
      const { version: _loaded, keys, webhookUrl, ...fields } = change;
      if (keys) await replaceKeys(tx, tokenSecret, id, keys);
      // A webhook added later has no secret yet: `rotateControllerSecret` issues its first.
      return saveChange(
        tx,
        current,
        { ...fields, ...(webhookUrl !== undefined ? { webhookUrl } : {}) },
        by,
        "controller_changed",
        {
          changed: Object.keys(change).filter((field) => field !== "version"),
          ...(keys ? { keys: keyCounts(keys) } : {}),
        },
      );
    });
  } catch (error) {
    throw change.legalName ? nameTaken(error, change.legalName) : error;
  }
}

/** A new signing secret for a controller with a webhook, answered once; the old one stops working at once. */
export async function rotateControllerSecret(
  db: Database,
  tokenSecret: string,
  id: string,
  by: ActedBy,
): Promise<{ controller: ControllerView; webhookSecret: string }> {
  return db.transaction(async (tx) => {
    const current = await locked(tx, id);
    if (!current.webhookUrl) throw new DomainError("conflict", "This controller has no webhook, so no secret.");
    const webhookSecret = newWebhookSecret();
    const set = { webhookSecretSealed: sealWebhookSecret(tokenSecret, webhookSecret) };
    return { controller: await saveChange(tx, current, set, by, "controller_secret_rotated"), webhookSecret };
  });
}

/**
 * The scope of a request about this subject: the enabled controllers whose keys match it (by account id, listed
 * address, or workforce domain), and whether we also know the subject in our own right (records of our own
 * systems, imported for verification), decided by `decideScope`.
 */
export async function scopeOfSubject(
  db: Executor,
  tokenSecret: string,
  subject: { email: string; accountId?: string | null | undefined },
): Promise<Scope> {
  const wanted = [
    { kind: "subject" as const, value: storedKey(tokenSecret, "subject", subject.email) },
    { kind: "email_domain" as const, value: emailDomainOf(subject.email) },
    ...(subject.accountId
      ? [{ kind: "account_id" as const, value: storedKey(tokenSecret, "account_id", subject.accountId) }]
      : []),
  ];
  const found = await db
    .select({ controllerId: controllerKeys.controllerId, kind: controllerKeys.kind })
    .from(controllerKeys)
    .innerJoin(controllers, eq(controllers.id, controllerKeys.controllerId))
    .where(
      and(
        eq(controllers.enabled, true),
        or(...wanted.map((key) => and(eq(controllerKeys.kind, key.kind), eq(controllerKeys.value, key.value)))),
      ),
    );
  const matches = new Map<string, ControllerMatch>();
  for (const row of found) {
    const match = matches.get(row.controllerId) ?? { controllerId: row.controllerId, matchedBy: [] };
    if (!match.matchedBy.includes(row.kind)) match.matchedBy.push(row.kind);
    matches.set(row.controllerId, match);
  }
  // Intake asks this of every request: most match no controller, and then it is ours whatever we hold.
  if (matches.size === 0) return decideScope([], true);
  const [own] = await db
    .select({ id: subjectRecords.id })
    .from(subjectRecords)
    .where(eq(subjectRecords.email, normaliseIdentifier("email", subject.email)))
    .limit(1);
  return decideScope([...matches.values()], Boolean(own));
}

/** Writes a change to a locked controller as its next version, with its entry on the general trail. */
async function saveChange(
  tx: Transaction,
  current: Row,
  set: Partial<typeof controllers.$inferInsert>,
  by: ActedBy,
  action: "controller_changed" | "controller_secret_rotated",
  data?: Record<string, unknown>,
): Promise<ControllerView> {
  const [row] = await tx
    .update(controllers)
    .set({ ...set, version: current.version + 1, updatedAt: by.at })
    .where(eq(controllers.id, current.id))
    .returning();
  await recordAuditEvent(tx, {
    subjectType: "controller",
    subjectId: current.id,
    actor: by.actor,
    at: by.at,
    action,
    ...(data ? { data } : {}),
  });
  return viewOf(tx, row as Row);
}

async function locked(tx: Transaction, id: string): Promise<Row> {
  const [row] = await tx.select().from(controllers).where(eq(controllers.id, id)).for("update");
  if (!row) throw notFound(id);
  return row;
}

const keyCounts = (keys: ControllerKeysInput) =>
  Object.fromEntries(Object.entries(keys).map(([list, values]) => [list, values?.length ?? 0]));

const notFound = (id: string) => new DomainError("not_found", `No controller with id ${id}.`);

function nameTaken(error: unknown, name: string): unknown {
  return isUniqueViolation(error, "controllers_legal_name_unique")
    ? new DomainError("conflict", `A controller named ${name} is registered already.`)
    : error;
}

/** Each controller's keys, for its view: the ones kept as written, and how many of the hashed ones. */
async function keysOf(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ controllerId: controllerKeys.controllerId, kind: controllerKeys.kind, value: controllerKeys.value })
    .from(controllerKeys)
    .where(inArray(controllerKeys.controllerId, ids));
}

async function viewOf(db: Executor, row: Row): Promise<ControllerView> {
  return viewWith(row, await keysOf(db, [row.id]));
}

function viewWith(row: Row, keys: Awaited<ReturnType<typeof keysOf>>): ControllerView {
  const of = (kind: ControllerKeyKind) =>
    keys
      .filter((key) => key.controllerId === row.id && key.kind === kind)
      .map((key) => key.value)
      .sort();
  return {
    id: row.id,
    legalName: row.legalName,
    contacts: row.contacts,
    mayBeNamed: row.mayBeNamed,
    describedAs: row.describedAs,
    webhookUrl: row.webhookUrl,
    forwardingBusinessDays: row.forwardingBusinessDays,
    keys: {
      accountIds: of("account_id").length,
      tenantIds: of("tenant_id"),
      emailDomains: of("email_domain"),
      subjects: of("subject").length,
    },
    enabled: row.enabled,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
