import { asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/index.js";
import { dataSystems, tasks } from "../../db/schema/index.js";
import { deletionExceptions, requestRecordKept } from "../../domain/deletion-exceptions.js";
import type { MessageData } from "../../mail/messages.js";
import { offersCorrectionStatement } from "../corrections/file-statement.js";
import type { RequestRow } from "../request-lifecycle/index.js";
import type { KeptData } from "./schemas.js";

type Decision = MessageData<"decision">;

/**
 * What the requester is told was done, from the tasks' results: for a deletion, each system's part, what it kept
 * under which exception, and that the request itself is on record (11 CCR §7022(e)); for a correction, the changes
 * made and those refused with why, and where a refusal lets them file a statement (11 CCR §7023(f)).
 */
export async function whatWasDone(
  db: Executor,
  request: RequestRow,
  publicBaseUrl: string,
): Promise<Pick<Decision, "deletion" | "correction">> {
  if (request.kind === "correction" && request.correctionReview) {
    const statementUrl = new URL("/correction-statement", publicBaseUrl);
    statementUrl.searchParams.set("tracking", request.trackingNumber);
    return {
      correction: {
        made: request.correctionReview.filter((one) => one.accept).map((one) => one.field),
        refused: request.correctionReview
          .filter((one) => !one.accept)
          .map((one) => ({ field: one.field, reason: one.reason ?? "We hold it correctly." })),
        ...(offersCorrectionStatement(request) ? { statementUrl: statementUrl.toString() } : {}),
      },
    };
  }
  if (request.kind !== "deletion") return {};
  const done = await db
    .select({ system: dataSystems.name, status: tasks.status, result: tasks.result, closedReason: tasks.closedReason })
    .from(tasks)
    .innerJoin(dataSystems, eq(dataSystems.id, tasks.dataSystemId))
    .where(eq(tasks.requestId, request.id))
    .orderBy(asc(dataSystems.name));
  return {
    deletion: {
      systems: done.map((task) => {
        const summary = typeof task.result?.summary === "string" ? task.result.summary : undefined;
        return { system: task.system, deleted: task.status === "done", ...(summary ? { summary } : {}) };
      }),
      kept: done.flatMap((task) =>
        ((task.result?.kept ?? []) as KeptData[]).map((kept) => ({
          system: task.system,
          what: kept.what,
          why: deletionExceptions[kept.exception].words,
          cite: deletionExceptions[kept.exception].cite,
        })),
      ),
      recordKept: requestRecordKept.words,
    },
  };
}
