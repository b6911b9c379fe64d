import { and, isNull, lt, lte } from "drizzle-orm";
import type { ResolvedConfig } from "../context.js";
import type { Database } from "../db/index.js";
import { accessPackages, webhookReceipts } from "../db/schema/index.js";
import { addDaysToInstant } from "../domain/calendar.js";
import { purgePackageRecords } from "../modules/packages/purge-package-records.js";
import { signatureToleranceSeconds } from "../security/webhook-signatures.js";

export interface RetentionSweepDeps {
  db: Database;
  config: Pick<ResolvedConfig, "BUSINESS_TIMEZONE" | "PACKAGE_RECORDS_KEEP_DAYS">;
}

const batch = 200;

/**
 * What the product keeps no longer than it must: the records behind access packages whose links expired
 * PACKAGE_RECORDS_KEEP_DAYS ago, and the ids of signed callbacks too old to be replayed (their timestamps are
 * refused anyway).
 */
export async function runRetentionSweep({ db, config }: RetentionSweepDeps, now: Date) {
  const due = await db
    .select({ requestId: accessPackages.requestId })
    .from(accessPackages)
    .where(
      and(
        isNull(accessPackages.recordsPurgedAt),
        lte(
          accessPackages.expiresAt,
          addDaysToInstant(now, -config.PACKAGE_RECORDS_KEEP_DAYS, config.BUSINESS_TIMEZONE),
        ),
      ),
    )
    .limit(batch);
  let packagesPurged = 0;
  for (const { requestId } of due) if (await purgePackageRecords(db, requestId, now)) packagesPurged += 1;
  const receipts = await db
    .delete(webhookReceipts)
    .where(lt(webhookReceipts.receivedAt, new Date(now.getTime() - 2 * signatureToleranceSeconds * 1000)))
    .returning({ id: webhookReceipts.webhookId });
  return { packagesPurged, callbackIdsForgotten: receipts.length };
}
