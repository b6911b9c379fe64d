import { z } from "@hono/zod-openapi";
import { dataCategories, dataCategoryCodes, dataSystemReaches } from "../../domain/data-categories.js";
import { requestKinds } from "../../domain/vocabulary.js";
import { emailAddress, line } from "../../http/shared-schemas.js";

/** What the built-in connector can do in a database: read the subject's rows out, or delete them. */
export const connectorKinds = ["access", "portability", "deletion"] as const;

const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

/** The URL in a text, or nothing when it is none; its checks then pass it by, since z.url has said so already. */
const parsed = (value: string) => (URL.canParse(value) ? new URL(value) : undefined);

/** A user name, password or path that decodes to clean text: drivers decode them and throw on what does not. */
const decodesCleanly = (part: string) => {
  try {
    return !controlCharacters.test(decodeURIComponent(part));
  } catch {
    return false;
  }
};

const urlText = z.string().trim().max(2000).pipe(z.url("must be a URL"));

/**
 * Where jobs are posted: https, or plain http only to this machine (a connector beside the service, or a test). No
 * credentials in the address: the signature is what proves a job is ours.
 */
export const webhookUrl = urlText
  .refine((value) => {
    const url = parsed(value);
    return !url || url.protocol === "https:" || (url.protocol === "http:" && loopbackHosts.has(url.hostname));
  }, "must be an https URL (http only to localhost)")
  .refine((value) => {
    const url = parsed(value);
    return !url || (!url.username && !url.password);
  }, "must not carry a user name or password")
  .openapi({ example: "https://crm.example.com/privacy/jobs" });

/** A connection to a company's PostgreSQL database; kept sealed, and never shown again with its password. */
export const connectionUrl = urlText
  .refine((value) => /^postgres(ql)?:\/\//.test(value), "must be a postgres:// URL")
  .refine((value) => {
    const url = parsed(value);
    return !url || [url.username, url.password, url.pathname].every(decodesCleanly);
  }, "must encode its user name, password and database name as UTF-8, without control characters")
  .openapi({ example: "postgres://rightsdesk:secret@db.internal:5432/shop" });

// A plain SQL identifier: the connector quotes it too, and the registry checks it against the database's own names.
const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, "must be a plain SQL name (letters, digits, underscores)");

export const connectorTable = z
  .object({
    schema: identifier.default("public"),
    table: identifier,
    subjectColumn: identifier.openapi({ description: "The column that finds the subject's rows." }),
    identifiedBy: z
      .enum(["email", "account_id", "phone"])
      .openapi({ description: "Which of the subject's identifiers that column holds." }),
    category: z.enum(dataCategoryCodes).optional().openapi({
      description: "The CCPA category its rows are reported under in an access package; the system's first if absent.",
    }),
    exportColumns: z
      .array(identifier)
      .min(1)
      .max(200)
      .refine((columns) => new Set(columns).size === columns.length, "must not repeat a column")
      .openapi({ description: "What an access request copies out." }),
    deletion: z
      .discriminatedUnion("action", [
        z.object({ action: z.literal("delete_rows") }),
        z.object({ action: z.literal("null_columns"), columns: z.array(identifier).min(1).max(200) }),
        z.object({ action: z.literal("mask_columns"), columns: z.array(identifier).min(1).max(200) }),
      ])
      .openapi({ description: "What a deletion does: delete the rows, or clear or mask the columns named." }),
  })
  .openapi("ConnectorTable");
export type ConnectorTable = z.infer<typeof connectorTable>;

const connectorTables = z
  .array(connectorTable)
  .min(1)
  .max(50)
  .refine(
    (tables) => new Set(tables.map((table) => `${table.schema}.${table.table}`)).size === tables.length,
    "must name each table once",
  );

const heldCategory = z
  .object({
    category: z.enum(dataCategoryCodes).openapi({
      description: `A CCPA category (Cal. Civ. Code §1798.140(v)): ${dataCategoryCodes.map((code) => `\`${code}\` (${dataCategories[code]})`).join("; ")}.`,
    }),
    sources: z
      .array(line(200))
      .max(20)
      .default([])
      .openapi({ description: 'Categories of sources it comes from, such as "You" or "Payment processors".' }),
    purposes: z.array(line(200)).min(1).max(20).openapi({ description: "Why the system holds it." }),
    recipients: z
      .array(line(200))
      .max(50)
      .default([])
      .openapi({ description: "Categories of those it is disclosed to; empty when no one." }),
  })
  .openapi("HeldCategory");

const fieldName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, "must be a field name in lower case, such as postal_address")
  .openapi({ example: "postal_address" });

const uniqueItems = <T>(items: T[]) => new Set(items).size === items.length;

const description = {
  name: line(120).openapi({ description: "Unique; how the privacy team calls it.", example: "CRM" }),
  owner: z
    .object({ name: line(200), email: emailAddress })
    .openapi({ description: "Who answers for the system; a manual system's tasks go to this address." }),
  requestKinds: z
    .array(z.enum(requestKinds))
    .min(1)
    .refine(uniqueItems, "must not repeat a kind")
    .openapi({ description: "The requests that reach it." }),
  categories: z
    .array(heldCategory)
    .min(1)
    .refine((held) => uniqueItems(held.map((one) => one.category)), "must name each category once"),
  correctableFields: z
    .array(fieldName)
    .max(200)
    .refine(uniqueItems, "must not repeat a field")
    .openapi({ description: "The fields a correction can change there." }),
};

// A default only where a system is registered: in a change, a field left out is a field left as it is.
const registered = { ...description, correctableFields: description.correctableFields.default([]) };

const correctionsNeedFields = (system: { requestKinds?: string[]; correctableFields?: string[] }) =>
  !system.requestKinds?.includes("correction") || (system.correctableFields?.length ?? 0) > 0;
const correctionsNeedFieldsIssue = {
  message: "a system that handles corrections must name the fields it can correct",
  path: ["correctableFields"],
};

export const registration = z
  .discriminatedUnion("reach", [
    z.object({ reach: z.literal("webhook"), webhookUrl, ...registered }),
    z.object({ reach: z.literal("manual"), ...registered }),
    z.object({
      reach: z.literal("postgres"),
      connectionUrl,
      tables: connectorTables,
      ...registered,
      requestKinds: description.requestKinds.refine(
        (kinds) => kinds.every((kind) => (connectorKinds as readonly string[]).includes(kind)),
        `the connector carries out ${connectorKinds.join(", ")}`,
      ),
    }),
  ])
  .refine(correctionsNeedFields, correctionsNeedFieldsIssue)
  .openapi("DataSystemRegistration");
export type Registration = z.infer<typeof registration>;

export const change = z
  .object({
    version: z.number().int().positive().openapi({ description: "The version you loaded; a stale one is refused." }),
    name: description.name.optional(),
    owner: description.owner.optional(),
    requestKinds: description.requestKinds.optional(),
    categories: description.categories.optional(),
    correctableFields: description.correctableFields.optional(),
    webhookUrl: webhookUrl.optional().openapi({ description: "Webhook systems only." }),
    connectionUrl: connectionUrl.optional().openapi({ description: "Postgres systems only; checked again." }),
    tables: connectorTables.optional().openapi({ description: "Postgres systems only; checked again." }),
    enabled: z.boolean().optional().openapi({ description: "A disabled system gets no new work." }),
  })
  .openapi("DataSystemChange");
export type Change = z.infer<typeof change>;

export const dataSystemView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    owner: z.object({ name: z.string(), email: z.string() }),
    requestKinds: z.array(z.enum(requestKinds)),
    categories: z.array(heldCategory),
    correctableFields: z.array(z.string()),
    reach: z.enum(dataSystemReaches),
    webhookUrl: z.string().nullable(),
    connectionTarget: z
      .string()
      .nullable()
      .openapi({ description: "A postgres system's user, host and database; never its password." }),
    tables: z.array(connectorTable).nullable(),
    enabled: z.boolean(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("DataSystem");
export type DataSystemView = z.infer<typeof dataSystemView>;

export const webhookSecret = z.string().openapi({
  description:
    "The Standard Webhooks signing secret (`whsec_` and base64), shown only in this answer: the system verifies our " +
    "jobs and signs its callbacks with it.",
  example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
});
