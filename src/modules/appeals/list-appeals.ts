import { asc, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/index.js";
import { appeals, requests } from "../../db/schema/index.js";

/** Appeals still to be decided, soonest deadline first, with who decided the request (who may not decide these). */
export function listOpenAppeals(db: Database, limit = 200) {
  return db
    .select({
      requestId: appeals.requestId,
      trackingNumber: requests.trackingNumber,
      jurisdiction: requests.jurisdiction,
      receivedAt: appeals.receivedAt,
      respondBy: appeals.respondBy,
      respondByBasis: appeals.respondByBasis,
      originalDecisionBy: requests.decidedBy,
      version: requests.version,
    })
    .from(appeals)
    .innerJoin(requests, eq(requests.id, appeals.requestId))
    .where(isNull(appeals.decidedAt))
    .orderBy(asc(appeals.respondBy))
    .limit(limit);
}
