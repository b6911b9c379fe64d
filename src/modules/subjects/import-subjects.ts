import { parse } from "csv-parse/sync";
import { z } from "zod";
import type { Database } from "../../db/index.js";
import { subjectRecords } from "../../db/schema/index.js";
import type { ActedBy } from "../../domain/actor.js";
import type { FieldIssue } from "../../domain/errors.js";
import { isPossibleDateOfBirth, normalizeDataPoint } from "../../domain/verification.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import { deletedAmong } from "../suppressions/check-suppressions.js";

const optional = z
  .string()
  .trim()
  .max(200, "is longer than 200 characters")
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** One line of a subjects CSV. Headers: email (required), phone, account_id, postal_code, card_last4, date_of_birth. */
const subjectLine = (today: string) =>
  z.object({
    email: z.string().trim().toLowerCase().pipe(z.email("is not an e-mail address")),
    phone: optional,
    account_id: optional,
    postal_code: optional,
    card_last4: optional,
    date_of_birth: optional.refine(
      (value) => value === undefined || isPossibleDateOfBirth(normalizeDataPoint("date_of_birth", value), today),
      "is not a possible date of birth (YYYY-MM-DD or M/D/YYYY)",
    ),
  });

export interface ImportReport {
  imported: number;
  /** Lines about people whose data was deleted at their request: never added back. */
  suppressed: number;
  rejected: FieldIssue[];
}

/**
 * Adds the records a company exports from its systems (CRM, billing...) to what requesters' answers are matched
 * against. Values are stored normalised; lines that do not parse are reported by line number and field, without
 * their content; people whose data was deleted at their request are left out (the suppression list). The import is
 * on the general audit trail, by its source and counts.
 */
export async function importSubjects(
  db: Database,
  csv: string,
  source: string,
  by: ActedBy,
  tokenSecret: string,
): Promise<ImportReport> {
  const lines = parse(csv, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const schema = subjectLine(by.at.toISOString().slice(0, 10));
  const rejected: FieldIssue[] = [];
  const rows: (typeof subjectRecords.$inferInsert)[] = [];
  lines.forEach((line, index) => {
    const parsed = schema.safeParse(line);
    if (!parsed.success) {
      const why = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
      rejected.push({ field: `line ${index + 2}`, message: [...new Set(why)].join("; ") });
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
  const deleted = await deletedAmong(
    db,
    tokenSecret,
    rows.map((row) => row.email),
  );
  const kept = rows.filter((row) => !deleted.has(row.email));
  await db.transaction(async (tx) => {
    for (let start = 0; start < kept.length; start += 1000) {
      await tx.insert(subjectRecords).values(kept.slice(start, start + 1000));
    }
    await recordAuditEvent(tx, {
      subjectType: "subject_records",
      subjectId: source,
      actor: by.actor,
      at: by.at,
      action: "subject_records_imported",
      data: { imported: kept.length, suppressed: rows.length - kept.length, rejectedLines: rejected.length },
    });
  });
  return { imported: kept.length, suppressed: rows.length - kept.length, rejected };
}
