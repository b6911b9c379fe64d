import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { Database } from "../../db/index.js";
import { subjectRecords } from "../../db/schema/index.js";
import type { FieldIssue } from "../../domain/errors.js";
import { normalizeDataPoint } from "../../domain/verification.js";

const optional = z
  .string()
  .trim()
  .max(200)
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** One line of a subjects CSV. Headers: email (required), phone, account_id, postal_code, card_last4, date_of_birth. */
const subjectLine = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  phone: optional,
  account_id: optional,
  postal_code: optional,
  card_last4: optional,
  date_of_birth: optional,
});

export interface ImportReport {
  imported: number;
  rejected: FieldIssue[];
}

/**
 * Adds the records a company exports from its systems (CRM, billing...) to what requesters' answers are matched
 * against. Values are stored normalised; lines that do not parse are reported by line number, without their content.
 */
export async function importSubjects(db: Database, csv: string, source: string): Promise<ImportReport> {
  const lines = parse(csv, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const rejected: FieldIssue[] = [];
  const rows: (typeof subjectRecords.$inferInsert)[] = [];
  lines.forEach((line, index) => {
    const parsed = subjectLine.safeParse(line);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".")))].join(", ");
      rejected.push({ field: `line ${index + 2}`, message: `invalid ${fields}` });
      return;
    }
    const { email, phone, account_id, postal_code, card_last4, date_of_birth } = parsed.data;
    rows.push({
      email,
      phone: phone && normalizeDataPoint("phone", phone),
      accountId: account_id && normalizeDataPoint("account_id", account_id),
      postalCode: postal_code && normalizeDataPoint("postal_code", postal_code),
      cardLast4: card_last4 && normalizeDataPoint("card_last4", card_last4),
      dateOfBirth: date_of_birth && normalizeDataPoint("date_of_birth", date_of_birth),
      source,
    });
  });
  for (let start = 0; start < rows.length; start += 1000) {
    await db.insert(subjectRecords).values(rows.slice(start, start + 1000));
  }
  return { imported: rows.length, rejected };
}
