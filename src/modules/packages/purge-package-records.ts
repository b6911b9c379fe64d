import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { accessPackages, taskRecords, tasks } from "../../db/schema/index.js";
import { systemJob } from "../../domain/actor.js";
import { onRequest } from "../request-lifecycle/index.js";

/**
 * Deletes the records an access package was built from, once its link has long expired: the copy was the
 * requester's, and we keep no second copy of what the systems hold. On the request's trail; once only.
 */
export async function purgePackageRecords(db: Database, requestId: string, at: Date): Promise<boolean> {
  return onRequest(db, { requestId, actor: systemJob("retention"), at }, async ({ tx, change }) => {
    const [pkg] = await tx
      .update(accessPackages)
      .set({ recordsPurgedAt: at })
      .where(and(eq(accessPackages.requestId, requestId), isNull(accessPackages.recordsPurgedAt)))
      .returning({ id: accessPackages.id });
    if (!pkg) return false;
    const ofRequest = tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.requestId, requestId));
    const deleted = await tx
      .delete(taskRecords)
      .where(inArray(taskRecords.taskId, ofRequest))
      .returning({ id: taskRecords.id });
    await change({ action: "personal_data_purged", data: { what: "access_package_records", records: deleted.length } });
    return true;
  });
}
