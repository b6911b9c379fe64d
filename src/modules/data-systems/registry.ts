import { asc, eq } from "drizzle-orm";
import { isUniqueViolation } from "../../db/errors.js";
import type { Database, Executor, Transaction } from "../../db/index.js";
import { dataSystems } from "../../db/schema/index.js";
import type { ActedBy } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { seal, unseal } from "../../security/secrets.js";
import { newWebhookSecret, sealWebhookSecret, unsealWebhookSecret } from "../../security/webhook-signatures.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import { checkConnectorTables, connectionTarget } from "./postgres-connector.js";
import type { Change, ConnectorTable, DataSystemView, Registration } from "./schemas.js";

type Row = typeof dataSystems.$inferSelect;

/** The fields a change names, for the trail: which were changed, never their values (an owner is a person). */
const describedFields = [
  "name",
  "owner",
  "requestKinds",
  "categories",
  "correctableFields",
  "webhookUrl",
  "connectionUrl",
  "tables",
  "enabled",
];

/**
 * Registers a system that holds personal data, on the general trail. A webhook system gets its signing secret,
 * returned here only: the registry keeps it sealed.
 */
export async function registerDataSystem(
  db: Database,
  tokenSecret: string,
  registration: Registration,
  by: ActedBy,
): Promise<{ system: DataSystemView; webhookSecret?: string }> {
  const webhookSecret = registration.reach === "webhook" ? newWebhookSecret() : undefined;
  if (registration.reach === "postgres") await mustFitDatabase(registration.connectionUrl, registration.tables);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(dataSystems)
        .values({
          name: registration.name,
          ownerName: registration.owner.name,
          ownerEmail: registration.owner.email,
          requestKinds: registration.requestKinds,
          categories: registration.categories,
          correctableFields: registration.correctableFields,
          reach: registration.reach,
          ...(registration.reach === "webhook" && webhookSecret
            ? {
                webhookUrl: registration.webhookUrl,
                webhookSecretSealed: sealWebhookSecret(tokenSecret, webhookSecret),
              }
            : {}),
          ...(registration.reach === "postgres"
            ? {
                connectionUrlSealed: seal(tokenSecret, { connectionUrl: registration.connectionUrl }),
                connectionTarget: connectionTarget(registration.connectionUrl),
                tables: registration.tables,
              }
            : {}),
          createdAt: by.at,
          updatedAt: by.at,
        })
        .returning();
      const system = row as Row;
      await recordAuditEvent(tx, {
        subjectType: "data_system",
        subjectId: system.id,
        actor: by.actor,
        at: by.at,
        action: "data_system_registered",
        data: { name: system.name, reach: system.reach, requestKinds: system.requestKinds },
      });
      return { system: viewOf(system), ...(webhookSecret ? { webhookSecret } : {}) };
    });
  } catch (error) {
    throw nameTaken(error, registration.name);
  }
}

export async function listDataSystems(db: Database): Promise<DataSystemView[]> {
  return (await db.select().from(dataSystems).orderBy(asc(dataSystems.name))).map(viewOf);
}

export async function findDataSystem(db: Database, id: string): Promise<DataSystemView> {
  const [row] = await db.select().from(dataSystems).where(eq(dataSystems.id, id));
  if (!row) throw notFound(id);
  return viewOf(row);
}

/**
 * Changes a system at the version the admin loaded (a stale one is refused), on the general trail. A postgres
 * system's tables and connection are checked against its database again before anything is stored.
 */
export async function changeDataSystem(
  db: Database,
  tokenSecret: string,
  id: string,
  change: Change,
  by: ActedBy,
): Promise<DataSystemView> {
  try {
    return await db.transaction(async (tx) => {
      const current = await lockedSystem(tx, id);
      if (current.version !== change.version) {
        throw new DomainError("conflict", `The data system changed since version ${change.version}; reload it.`);
      }
      for (const [field, reach] of [
        ["webhookUrl", "webhook"],
        ["connectionUrl", "postgres"],
        ["tables", "postgres"],
      ] as const) {
        if (change[field] !== undefined && current.reach !== reach) {
          throw new DomainError("validation", `Only a ${reach} system has ${field}.`, [
            { field, message: `only a ${reach} system has one` },
          ]);
        }
      }
      const connectionUrl =
        change.connectionUrl ??
        (current.connectionUrlSealed ? unseal(tokenSecret, current.connectionUrlSealed).connectionUrl : undefined);
      const tables = change.tables ?? current.tables;
      if ((change.connectionUrl || change.tables) && connectionUrl && tables) {
        await mustFitDatabase(connectionUrl, tables);
      }
      const requestKinds = change.requestKinds ?? current.requestKinds;
      const correctableFields = change.correctableFields ?? current.correctableFields;
      if (requestKinds.includes("correction") && correctableFields.length === 0) {
        throw new DomainError("validation", "A system that handles corrections must name the fields it can correct.", [
          { field: "correctableFields", message: "must name the fields it can correct" },
        ]);
      }
      return saveChange(
        tx,
        current,
        {
          name: change.name ?? current.name,
          ownerName: change.owner?.name ?? current.ownerName,
          ownerEmail: change.owner?.email ?? current.ownerEmail,
          requestKinds,
          categories: change.categories ?? current.categories,
          correctableFields,
          webhookUrl: change.webhookUrl ?? current.webhookUrl,
          ...(change.connectionUrl
            ? {
                connectionUrlSealed: seal(tokenSecret, { connectionUrl: change.connectionUrl }),
                connectionTarget: connectionTarget(change.connectionUrl),
              }
            : {}),
          tables,
          enabled: change.enabled ?? current.enabled,
        },
        by,
        "data_system_changed",
        {
          changed: describedFields.filter((field) => change[field as keyof Change] !== undefined),
          ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
        },
      );
    });
  } catch (error) {
    throw change.name ? nameTaken(error, change.name) : error;
  }
}

/** A new signing secret for a webhook system, returned here only; the old one stops working at once. */
export async function rotateWebhookSecret(
  db: Database,
  tokenSecret: string,
  id: string,
  by: ActedBy,
): Promise<{ system: DataSystemView; webhookSecret: string }> {
  return db.transaction(async (tx) => {
    const current = await lockedSystem(tx, id);
    if (current.reach !== "webhook") {
      throw new DomainError("conflict", "Only a webhook system has a signing secret.");
    }
    const webhookSecret = newWebhookSecret();
    const set = { webhookSecretSealed: sealWebhookSecret(tokenSecret, webhookSecret) };
    return { system: await saveChange(tx, current, set, by, "data_system_secret_rotated"), webhookSecret };
  });
}

/** Writes a change to a locked system as its next version, with its entry on the general trail. */
async function saveChange(
  tx: Transaction,
  current: Row,
  set: Partial<typeof dataSystems.$inferInsert>,
  by: ActedBy,
  action: "data_system_changed" | "data_system_secret_rotated",
  data?: Record<string, unknown>,
): Promise<DataSystemView> {
  const [row] = await tx
    .update(dataSystems)
    .set({ ...set, version: current.version + 1, updatedAt: by.at })
    .where(eq(dataSystems.id, current.id))
    .returning();
  await recordAuditEvent(tx, {
    subjectType: "data_system",
    subjectId: current.id,
    actor: by.actor,
    at: by.at,
    action,
    ...(data ? { data } : {}),
  });
  return viewOf(row as Row);
}

async function lockedSystem(tx: Transaction, id: string): Promise<Row> {
  const [row] = await tx.select().from(dataSystems).where(eq(dataSystems.id, id)).for("update");
  if (!row) throw notFound(id);
  return row;
}

/** Refuses a connector configuration its database does not bear out, naming each field that is wrong. */
async function mustFitDatabase(connectionUrl: string, tables: ConnectorTable[]): Promise<void> {
  const issues = await checkConnectorTables(connectionUrl, tables);
  if (issues.length > 0) {
    throw new DomainError("validation", "The connector's configuration does not match its database.", issues);
  }
}

const notFound = (id: string) => new DomainError("not_found", `No data system with id ${id}.`);

function nameTaken(error: unknown, name: string): unknown {
  return isUniqueViolation(error, "data_systems_name_unique")
    ? new DomainError("conflict", `A data system named ${name} is registered already.`)
    : error;
}

function viewOf(row: Row): DataSystemView {
  return {
    id: row.id,
    name: row.name,
    owner: { name: row.ownerName, email: row.ownerEmail },
    requestKinds: row.requestKinds,
    categories: row.categories.map((held) => ({ ...held, sources: held.sources ?? [] })),
    correctableFields: row.correctableFields,
    reach: row.reach,
    webhookUrl: row.webhookUrl,
    connectionTarget: row.connectionTarget,
    tables: row.tables,
    enabled: row.enabled,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A webhook system's signing secret, unsealed for signing or checking a message; none for another system. */
export async function webhookSecretOf(db: Executor, tokenSecret: string, id: string): Promise<string | undefined> {
  const [row] = await db
    .select({ sealed: dataSystems.webhookSecretSealed })
    .from(dataSystems)
    .where(eq(dataSystems.id, id));
  return row?.sealed ? unsealWebhookSecret(tokenSecret, row.sealed) : undefined;
}
