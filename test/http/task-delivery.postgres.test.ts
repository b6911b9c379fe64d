import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, taskRecords } from "../../src/db/schema/index.js";
import { reachablePostgres, scratchDatabase } from "../support/database.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { reviewableRequest } from "../support/verification.js";

/**
 * The built-in connector doing the work of its tasks in a company database of its own on a real PostgreSQL server
 * (in the PGlite pass, the local server when one answers): access reads the subject's rows, deletion runs every
 * table's statement in one transaction and reports the rows affected.
 */
const server = await reachablePostgres();
if (!server) console.warn("task-delivery.postgres.test.ts: skipped, no PostgreSQL server answers (set DATABASE_URL)");

let h: Harness;
let reviewer: StaffMember;
let company: Awaited<ReturnType<typeof scratchDatabase>>;
let shop: postgres.Sql;

beforeAll(async () => {
  if (!server) return;
  h = await createHarness();
  const admin = await staffMember(h, "admin");
  reviewer = await staffMember(h, "reviewer");
  company = await scratchDatabase(server, { migrated: false });
  shop = postgres(company.url, { max: 1, onnotice: () => {} });
  await shop.unsafe(`
    create table customers (id serial primary key, email text not null, name text, joined date, prefs jsonb);
    create schema crm;
    create table crm.contacts (account_id text not null, email text not null, phone text, notes text);
    create table orders (id serial primary key, email text not null, total numeric not null, ship_to text);`);
  const registered = await admin.post("/v1/admin/data-systems", {
    name: "Shop database",
    reach: "postgres",
    connectionUrl: company.url,
    owner: { name: "Dana DBA", email: "dana@example.com" },
    requestKinds: ["access", "deletion"],
    categories: [
      { category: "identifiers", purposes: ["Accounts"] },
      { category: "commercial", purposes: ["Orders"] },
    ],
    tables: [
      {
        table: "customers",
        subjectColumn: "email",
        identifiedBy: "email",
        exportColumns: ["email", "name", "joined", "prefs"],
        deletion: { action: "delete_rows" },
      },
      {
        schema: "crm",
        table: "contacts",
        subjectColumn: "email",
        identifiedBy: "email",
        exportColumns: ["phone", "notes"],
        deletion: { action: "null_columns", columns: ["phone", "notes"] },
      },
      {
        table: "orders",
        subjectColumn: "email",
        identifiedBy: "email",
        category: "commercial",
        exportColumns: ["id", "total"],
        deletion: { action: "mask_columns", columns: ["ship_to"] },
      },
    ],
  });
  expect(registered.status, await registered.clone().text()).toBe(201);
}, 60_000);

afterAll(async () => {
  if (!server) return;
  await shop.end();
  await h.close();
  await company.drop();
});

async function seed(email: string) {
  await shop`insert into customers (email, name, joined, prefs)
             values (${email}, 'Jane Doe', '2024-03-01', '{"news": true}'), ('someone.else@example.com', 'Other', null, null)`;
  await shop`insert into crm.contacts values ('acct-1', ${email.toUpperCase()}, '+1 415 555 0100', 'likes cats')`;
  await shop`insert into orders (email, total, ship_to) values (${email}, 12.50, '1 Main St'), (${email}, 99.00, null)`;
}

async function fulfilled(kind: "access" | "deletion", beforeTheRun: () => Promise<unknown> = async () => {}) {
  const body = intakeBody({ kind, ...(kind === "access" ? { accessScope: "categories" } : {}) });
  await seed(body.subject.email);
  const request = await reviewableRequest(h, body);
  expect((await reviewer.act(request.id, "fulfil", { version: request.version, scope: "full" })).status).toBe(200);
  await beforeTheRun();
  await h.dispatch();
  const detail = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
  return { email: body.subject.email, detail, task: detail.tasks[0] };
}

describe.skipIf(!server)("the built-in connector's tasks", () => {
  it("read the subject's rows for access, by category, and complete the request", async () => {
    const { detail, task } = await fulfilled("access");
    expect(task).toMatchObject({
      status: "done",
      attempts: 1,
      result: { counts: { "public.customers": 1, "crm.contacts": 1, "public.orders": 2 }, records: 4 },
    });
    expect(detail.request.status).toBe("completed");
    const records = await h.ctx.db
      .select({ category: taskRecords.category, record: taskRecords.record })
      .from(taskRecords)
      .where(eq(taskRecords.taskId, task.id))
      .orderBy(taskRecords.id);
    expect(records).toEqual([
      {
        category: "identifiers",
        // A JSON value is kept as its JSON text: each field of a record is one cell of the package's CSV.
        record: { email: expect.any(String), name: "Jane Doe", joined: expect.any(String), prefs: '{"news":true}' },
      },
      { category: "identifiers", record: { phone: "+1 415 555 0100", notes: "likes cats" } },
      { category: "commercial", record: { id: expect.any(Number), total: "12.50" } },
      { category: "commercial", record: { id: expect.any(Number), total: "99.00" } },
    ]);
  });

  it("delete in one transaction as each table says, and report the rows affected", async () => {
    const { email, detail, task } = await fulfilled("deletion");
    expect(task).toMatchObject({
      status: "done",
      result: { counts: { "public.customers": 1, "crm.contacts": 1, "public.orders": 2 } },
    });
    expect(detail.request.status).toBe("completed");
    expect(await shop`select 1 from customers where email = ${email}`).toHaveLength(0);
    expect(await shop`select 1 from customers where email = 'someone.else@example.com'`).not.toHaveLength(0);
    expect(await shop`select phone, notes from crm.contacts where lower(email) = ${email}`).toEqual([
      { phone: null, notes: null },
    ]);
    expect(await shop`select ship_to from orders where email = ${email} order by id`).toEqual([
      { ship_to: "[deleted]" },
      { ship_to: null },
    ]);
  });

  it("that its database refuses are retried, and the failure is kept by its kind, never the database's words", async () => {
    try {
      const { task } = await fulfilled("deletion", () => shop.unsafe("alter table orders rename to orders_moved"));
      expect(task).toMatchObject({ status: "pending", attempts: 1 });
      const [run] = await h.ctx.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.channel, "connector"), eq(outbox.payload, { taskId: task.id })));
      expect(run).toMatchObject({ state: "pending", lastError: "Error the connector's database refused (42P01)" });
      // The transaction was undone whole: the subject's customer row is still there for the retry to delete.
      expect(await shop`select 1 from customers where name = 'Jane Doe'`).not.toHaveLength(0);
    } finally {
      await shop.unsafe("alter table orders_moved rename to orders");
    }
  });
});
