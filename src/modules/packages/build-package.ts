import { stringify } from "csv-stringify/sync";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { rowsOf } from "../../db/rows.js";
import { dataSystems, requests, taskRecords, tasks } from "../../db/schema/index.js";
import { accessPeriod } from "../../domain/access-period.js";
import { receiptDate } from "../../domain/calendar.js";
import type { DataCategory } from "../../domain/data-categories.js";
import { type WithheldKind, withholdIdentifiers } from "../../domain/withheld-identifiers.js";
import { summariseCategories, summaryHtml } from "./package-summary.js";
import { zipWriter } from "./zip-writer.js";

/** Records read at a time: a page is all the package ever holds of them. */
const pageSize = 1_000;

interface Source {
  taskId: string;
  name: string;
  categories: DataCategory[];
}

/** The request and the systems that answered it, as the package needs them. */
async function packageFacts(ctx: AppContext, requestId: string) {
  const [request] = await ctx.db
    .select({
      trackingNumber: requests.trackingNumber,
      kind: requests.kind,
      accessScope: requests.accessScope,
      jurisdiction: requests.jurisdiction,
      receivedAt: requests.receivedAt,
    })
    .from(requests)
    .where(eq(requests.id, requestId));
  if (!request) throw new Error("The package's request is gone.");
  const answered = await ctx.db
    .select({ taskId: tasks.id, status: tasks.status, name: dataSystems.name, categories: dataSystems.categories })
    .from(tasks)
    .innerJoin(dataSystems, eq(dataSystems.id, tasks.dataSystemId))
    .where(eq(tasks.requestId, requestId))
    .orderBy(asc(dataSystems.name));
  const sources: Source[] = [];
  for (const task of answered) {
    const held = await rowsOf<{ category: DataCategory }>(
      ctx.db,
      sql`select distinct category from ${taskRecords} where task_id = ${task.taskId} order by category`,
    );
    sources.push({ taskId: task.taskId, name: task.name, categories: held.map((row) => row.category) });
  }
  return { request, answered, sources };
}

/** One system's records of one category, a page at a time, by the index that orders them so. */
async function* recordPages(ctx: AppContext, taskId: string, category: DataCategory) {
  let after = 0;
  for (;;) {
    const page = await ctx.db
      .select({ id: taskRecords.id, record: taskRecords.record })
      .from(taskRecords)
      .where(and(eq(taskRecords.taskId, taskId), eq(taskRecords.category, category), gt(taskRecords.id, after)))
      .orderBy(asc(taskRecords.taskId), asc(taskRecords.category), asc(taskRecords.id))
      .limit(pageSize);
    if (page.length === 0) return;
    yield page.map((row) => withholdIdentifiers(row.record));
    after = page[page.length - 1]?.id ?? after;
    if (page.length < pageSize) return;
  }
}

/**
 * The access package as a stream of ZIP bytes, made as it is read: `data.json` with every record, one CSV per
 * category, and `summary.html` with the categories, sources, purposes and recipients, the period covered and what
 * was collected but withheld. Identifiers that must never be disclosed are replaced wherever they appear. A request
 * for the categories only gets the summary alone. Pulled by the reader, so a slow download holds one page at most.
 */
export function packageStream(ctx: AppContext, requestId: string): ReadableStream<Uint8Array> {
  const chunks = packageChunks(ctx, requestId);
  return new ReadableStream({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

async function* packageChunks(ctx: AppContext, requestId: string): AsyncGenerator<Uint8Array> {
  const at = ctx.now();
  const { request, answered, sources } = await packageFacts(ctx, requestId);
  const zip = zipWriter(at);
  const summaryOnly = request.accessScope === "categories";
  const period = accessPeriod(request.jurisdiction, receiptDate(request.receivedAt, ctx.config.BUSINESS_TIMEZONE));
  const counts = new Map<DataCategory, number>();
  const withheld = new Map<WithheldKind, Set<string>>();

  if (!summaryOnly) {
    const json = zip.file("data.json");
    json.write(
      `{"request":${JSON.stringify({
        trackingNumber: request.trackingNumber,
        kind: request.kind,
        jurisdiction: request.jurisdiction,
        receivedAt: request.receivedAt.toISOString(),
      })},"period":${JSON.stringify(period)},"generatedAt":${JSON.stringify(at.toISOString())},"records":[`,
    );
    let first = true;
    for (const source of sources) {
      for (const category of source.categories) {
        for await (const page of recordPages(ctx, source.taskId, category)) {
          counts.set(category, (counts.get(category) ?? 0) + page.length);
          const lines = page.map((found) => {
            for (const one of found.withheld)
              withheld.set(one.kind, (withheld.get(one.kind) ?? new Set()).add(source.name));
            const line = `${first ? "" : ","}${JSON.stringify({ source: source.name, category, record: found.record })}`;
            first = false;
            return line;
          });
          json.write(lines.join(""));
          yield* zip.take();
        }
      }
    }
    json.end("]}");
    yield* zip.take();

    for (const category of [...counts.keys()].sort()) {
      const holders = sources.filter((source) => source.categories.includes(category));
      const columns = [sourceColumn, ...(await fieldsOf(ctx, holders, category))];
      const csv = zip.file(`${category}.csv`);
      csv.write(stringify([], { header: true, columns }));
      for (const source of holders) {
        for await (const page of recordPages(ctx, source.taskId, category)) {
          const rows = page.map((found) => ({ ...spreadsheetSafe(found.record), [sourceColumn]: source.name }));
          csv.write(stringify(rows, { columns }));
          yield* zip.take();
        }
      }
      csv.end();
      yield* zip.take();
    }
  }

  const holding = answered.filter((task) => task.status === "done");
  zip.file("summary.html").end(
    summaryHtml({
      companyName: ctx.config.COMPANY_NAME,
      trackingNumber: request.trackingNumber,
      receivedAt: request.receivedAt,
      generatedAt: at,
      timeZone: ctx.config.BUSINESS_TIMEZONE,
      period,
      summaryOnly,
      categories: summariseCategories(holding, summaryOnly ? undefined : counts),
      withheld: [...withheld].map(([kind, heldIn]) => ({ kind, heldIn: [...heldIn] })),
    }),
  );
  zip.end();
  yield* zip.take();
}

const sourceColumn = "Source system";

/**
 * A record as a spreadsheet may open it: text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first)
 * is kept as text by a leading apostrophe, so no value in someone's data can act when the CSV is opened (OWASP's
 * advice on CSV injection). `data.json` keeps every value as it is.
 */
function spreadsheetSafe(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([field, value]) => [
      field,
      typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value,
    ]),
  );
}

/** Every field name the category's records have, in order: the columns of its CSV. */
async function fieldsOf(ctx: AppContext, holders: Source[], category: DataCategory): Promise<string[]> {
  const rows = await ctx.db
    .selectDistinct({ field: sql<string>`jsonb_object_keys(${taskRecords.record})` })
    .from(taskRecords)
    .where(
      and(
        inArray(
          taskRecords.taskId,
          holders.map((holder) => holder.taskId),
        ),
        eq(taskRecords.category, category),
      ),
    );
  return rows.map((row) => row.field).sort();
}
