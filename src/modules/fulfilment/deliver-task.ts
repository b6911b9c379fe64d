import { and, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { dataSystems, requests, tasks } from "../../db/schema/index.js";
import { systemJob } from "../../domain/actor.js";
import { isTaskOpen } from "../../domain/tasks.js";
import { unseal } from "../../security/secrets.js";
import { signedHeaders, unsealWebhookSecret } from "../../security/webhook-signatures.js";
import { deleteSubjectRows, readSubjectRows } from "../data-systems/connector-work.js";
import { failureKind } from "../data-systems/postgres-connector.js";
import { onRequest } from "../request-lifecycle/index.js";
import { reportTask } from "./report-task.js";
import type { FoundRecord } from "./schemas.js";
import { callbackUrlOf, subjectOf, taskJob } from "./task-job.js";

/** How long a system's endpoint has to take a job: well inside the outbox's send lease. */
const webhookTimeoutMs = 10_000;

/** A task with its request and system, as the work on it needs them; none once the work is no longer wanted. */
async function openWork(ctx: AppContext, taskId: string) {
  const [work] = await ctx.db
    .select({ task: tasks, system: dataSystems, request: requests })
    .from(tasks)
    .innerJoin(dataSystems, eq(dataSystems.id, tasks.dataSystemId))
    .innerJoin(requests, eq(requests.id, tasks.requestId))
    .where(eq(tasks.id, taskId));
  if (!work || !isTaskOpen(work.task.status) || work.request.status !== "fulfilling") return undefined;
  return work;
}

const countAttempt = (ctx: AppContext, taskId: string, attempts: number) =>
  ctx.db.update(tasks).set({ attempts }).where(eq(tasks.id, taskId));

/**
 * Posts a task's job to its webhook system, signed with the system's current secret under the outbox message's key
 * as `webhook-id` (the same on every retry, so the system can fold repeats). Any answer but 2xx is a failure for the
 * outbox to retry. Once taken, the task is `sent`, unless the system has already answered it.
 */
export async function postTaskJob(ctx: AppContext, taskId: string, messageId: string, attempts: number) {
  const work = await openWork(ctx, taskId);
  if (!work?.system.webhookUrl || !work.system.webhookSecretSealed) return;
  await countAttempt(ctx, taskId, attempts);
  const at = ctx.now();
  const body = JSON.stringify(
    taskJob(work, callbackUrlOf(ctx.config.PUBLIC_BASE_URL, work.system.id), at, ctx.config.BUSINESS_TIMEZONE),
  );
  const secret = unsealWebhookSecret(ctx.config.TOKEN_SECRET, work.system.webhookSecretSealed);
  const response = await fetch(work.system.webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...signedHeaders(secret, messageId, at, body) },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(webhookTimeoutMs),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`the system answered HTTP ${response.status}`);
  await ctx.db
    .update(tasks)
    .set({ status: "sent", sentAt: ctx.now(), lastError: null })
    .where(and(eq(tasks.id, taskId), inArray(tasks.status, ["pending", "failed"])));
}

/**
 * Runs a connector task in the company's database (access reads the subject's rows, deletion runs its statements in
 * one transaction) and reports the outcome as the system, like a webhook system's callback. A run repeated after a
 * crash finds nothing more to delete and reports what is left to find.
 */
export async function runConnectorTask(ctx: AppContext, taskId: string, attempts: number) {
  const work = await openWork(ctx, taskId);
  if (!work?.system.connectionUrlSealed || !work.system.tables) return;
  await countAttempt(ctx, taskId, attempts);
  const url = unseal(ctx.config.TOKEN_SECRET, work.system.connectionUrlSealed).connectionUrl as string;
  const subject = subjectOf(work.request);
  const { tables, categories } = work.system;
  let reported: { counts: Record<string, number>; records?: FoundRecord[] };
  try {
    reported =
      work.request.kind === "deletion"
        ? { counts: await deleteSubjectRows(url, tables, subject) }
        : await readSubjectRows(url, tables, subject, categories[0]?.category ?? "identifiers");
  } catch (error) {
    // By its kind only: a database's message can quote a value compared, which may be the subject's.
    throw new Error(`the connector's database refused (${failureKind(error)})`);
  }
  const found = Object.values(reported.counts).reduce((sum, n) => sum + n, 0);
  await reportTask({
    ctx,
    systemId: work.system.id,
    actor: { type: "data_system", id: work.system.id },
    report: { taskId, outcome: found > 0 ? "done" : "not_applicable", more: false, ...reported },
  });
}

/**
 * The outbox gave up reaching a system: its task is `failed`, on the request's trail, for the privacy team to see
 * and close by hand (or retry the dead letter).
 */
export async function taskUndeliverable(ctx: AppContext, taskId: string, error: string) {
  const work = await openWork(ctx, taskId);
  if (!work) return;
  const at = ctx.now();
  await onRequest(ctx.db, { requestId: work.request.id, actor: systemJob("dispatch"), at }, async ({ tx, change }) => {
    await tx.update(tasks).set({ status: "failed", lastError: error }).where(eq(tasks.id, taskId));
    await change({
      action: "task_failed",
      data: { task: taskId, dataSystem: work.system.name, outcome: "failed", undeliverable: true },
    });
  });
}
