import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataSystems } from "../../src/db/schema/index.js";
import { unseal } from "../../src/security/secrets.js";
import { reachablePostgres, scratchDatabase } from "../support/database.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";

/**
 * The built-in connector's registration, against a company database of its own on a real PostgreSQL server (in the
 * PGlite pass, the local server when one answers).
 */
const server = await reachablePostgres();
if (!server) console.warn("data-systems.postgres.test.ts: skipped, no PostgreSQL server answers (set DATABASE_URL)");

let h: Harness;
let admin: StaffMember;
let company: Awaited<ReturnType<typeof scratchDatabase>>;
let companyUrl: string;
const readOnlyRole = `rd_read_only_${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  if (!server) return;
  h = await createHarness();
  admin = await staffMember(h, "admin");
  company = await scratchDatabase(server, { migrated: false });
  const sql = postgres(company.url, { max: 1, onnotice: () => {} });
  await sql.unsafe(`
    create table customers (id serial primary key, email text not null, name text, address text,
                            points integer not null default 0);
    create schema crm;
    create table crm.contacts (account_id text not null, phone text, notes text);
    create role ${readOnlyRole} login;
    grant usage on schema crm to ${readOnlyRole};
    grant select on customers, crm.contacts to ${readOnlyRole};`);
  await sql.end();
  // A password the local server does not ask for: it must still never be shown or stored in clear.
  const url = new URL(company.url);
  url.password = "hunter2-not-for-display";
  companyUrl = url.toString();
}, 60_000);

afterAll(async () => {
  if (!server) return;
  await h.close();
  await company.drop();
  const sql = postgres(server, { max: 1, onnotice: () => {} });
  await sql.unsafe(`drop role if exists ${readOnlyRole}`);
  await sql.end();
});

const customers: Record<string, unknown> = {
  table: "customers",
  subjectColumn: "email",
  identifiedBy: "email",
  exportColumns: ["email", "name", "address", "points"],
  deletion: { action: "delete_rows" },
};
const contacts: Record<string, unknown> = {
  schema: "crm",
  table: "contacts",
  subjectColumn: "account_id",
  identifiedBy: "account_id",
  exportColumns: ["phone", "notes"],
  deletion: { action: "null_columns", columns: ["phone", "notes"] },
};

const shop = (overrides: Record<string, unknown> = {}) => ({
  name: `Shop database ${randomBytes(3).toString("hex")}`,
  reach: "postgres",
  connectionUrl: companyUrl,
  owner: { name: "Dana DBA", email: "dana@example.com" },
  requestKinds: ["access", "deletion"],
  categories: [{ category: "identifiers", purposes: ["Orders"] }],
  tables: [customers, contacts],
  ...overrides,
});

async function refusal(body: unknown) {
  const res = await admin.post("/v1/admin/data-systems", body);
  expect(res.status).toBe(422);
  return (await json(res)) as { errors: { field: string; message: string }[] };
}

describe.skipIf(!server)("registering the built-in PostgreSQL connector", () => {
  it("checks the tables against the database, keeps the URL sealed and shows where it points without the password", async () => {
    const res = await admin.post("/v1/admin/data-systems", shop());
    const text = await res.clone().text();
    expect(res.status, text).toBe(201);
    expect(text).not.toContain("hunter2");
    const { system } = await json(res);
    expect(system.connectionTarget).toMatch(/^postgres@127\.0\.0\.1:5432\/rightsdesk_test_/);
    expect(system.tables[0]).toMatchObject({ schema: "public", table: "customers" });
    const [row] = await h.ctx.db.select().from(dataSystems);
    expect(JSON.stringify(row)).not.toContain("hunter2");
    expect(unseal(h.ctx.config.TOKEN_SECRET, row?.connectionUrlSealed as string)).toEqual({
      connectionUrl: companyUrl,
    });
  });

  it("names each identifier the database does not have", async () => {
    const { errors } = await refusal(
      shop({
        tables: [
          { ...customers, table: "clients" },
          {
            ...contacts,
            exportColumns: ["phone", "fax"],
            deletion: { action: "null_columns", columns: ["account_id"] },
          },
        ],
      }),
    );
    expect(errors).toEqual([
      { field: "tables.0.table", message: "no table public.clients that this connection can see" },
      { field: "tables.1.exportColumns.1", message: "no column fax in crm.contacts" },
      {
        field: "tables.1.deletion.columns.0",
        message: "the subject column finds the rows; to remove it, delete the rows",
      },
    ]);
  });

  it("refuses a deletion the columns cannot bear", async () => {
    const cleared = await refusal(
      shop({
        tables: [{ ...customers, subjectColumn: "mail", deletion: { action: "null_columns", columns: ["points"] } }],
      }),
    );
    expect(cleared.errors).toEqual([
      { field: "tables.0.subjectColumn", message: "no column mail in public.customers" },
      { field: "tables.0.deletion.columns.0", message: "points cannot be null; mask it or delete the rows" },
    ]);
    const masked = await refusal(
      shop({ tables: [{ ...customers, deletion: { action: "mask_columns", columns: ["name", "points"] } }] }),
    );
    expect(masked.errors).toEqual([
      {
        field: "tables.0.deletion.columns.1",
        message: "points is not text, so it cannot be masked; clear it or delete the rows",
      },
    ]);
  });

  it("refuses a deletion the connection has no privilege to carry out", async () => {
    const url = new URL(company.url);
    url.username = readOnlyRole;
    const { errors } = await refusal(shop({ connectionUrl: url.toString() }));
    expect(errors).toEqual([
      { field: "tables.0.deletion", message: "this connection may not delete from public.customers" },
      { field: "tables.1.deletion", message: "this connection may not update crm.contacts" },
    ]);
  });

  it("refuses names that are not plain SQL names before anything reaches the database", async () => {
    const { errors } = await refusal(shop({ tables: [{ ...customers, table: "customers; drop table customers" }] }));
    expect(errors.map((issue) => issue.field)).toEqual(["tables.0.table"]);
    const sql = postgres(company.url, { max: 1, onnotice: () => {} });
    expect((await sql`select to_regclass('public.customers') is not null as present`)[0]?.present).toBe(true);
    await sql.end();
  });

  it("says when the database cannot be reached, without repeating the URL", async () => {
    const res = await admin.post(
      "/v1/admin/data-systems",
      shop({ connectionUrl: "postgres://someone:hunter2@127.0.0.1:1/shop" }),
    );
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text).errors).toEqual([
      { field: "connectionUrl", message: "could not read the database (ECONNREFUSED)" },
    ]);
  });

  it("checks the tables again when they change", async () => {
    const { system } = await json(await admin.post("/v1/admin/data-systems", shop()));
    const change = (body: unknown) =>
      h.app.request(`/v1/admin/data-systems/${system.id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const wrong = await change({ version: 1, tables: [{ ...customers, exportColumns: ["email", "shoe_size"] }] });
    expect(wrong.status).toBe(422);
    expect((await json(wrong)).errors).toEqual([
      { field: "tables.0.exportColumns.1", message: "no column shoe_size in public.customers" },
    ]);
    const right = await change({ version: 1, tables: [{ ...customers, exportColumns: ["email"] }] });
    expect(right.status).toBe(200);
    expect(await json(right)).toMatchObject({ version: 2, tables: [{ table: "customers", exportColumns: ["email"] }] });
    expect((await change({ version: 2, webhookUrl: "https://example.com/jobs" })).status).toBe(422);
  });
});
