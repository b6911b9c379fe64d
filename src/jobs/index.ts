import { Cron } from "croner";
import type { ResolvedConfig } from "../context.js";
import type { Database } from "../db/index.js";
import type { Logger } from "../log.js";
import { describeError } from "../log-safe-error.js";
import type { Renderer } from "../mail/render.js";
import type { Mailer } from "../mail/transport.js";
import { runComplaintSweep } from "./complaint-sweep.js";
import { runOutboxDispatch } from "./dispatch-outbox.js";
import { runReminderSweep } from "./reminder-sweep.js";
import { runRetentionSweep } from "./retention-sweep.js";
import { runVerificationSweep } from "./verification-sweep.js";

export interface JobDeps {
  db: Database;
  config: ResolvedConfig;
  mailer: Mailer;
  render: Renderer;
  log: Logger;
}

/**
 * The sweeps that find what is due and enqueue it: reminders, unverified requests to remind, close or purge, what
 * is kept no longer than it must be, and complaints whose final answer is due without one (a deadlock letter).
 */
export async function runSweeps(deps: Pick<JobDeps, "db" | "config">, now: Date) {
  return {
    reminders: await runReminderSweep(deps, now),
    verification: await runVerificationSweep(deps, now),
    retention: await runRetentionSweep(deps, now),
    complaints: await runComplaintSweep(deps, now),
  };
}

/** One pass of every job: enqueue what is due, then deliver it. */
export async function runJobsOnce(deps: JobDeps, now: Date) {
  const sweeps = await runSweeps(deps, now);
  const dispatch = await runOutboxDispatch(deps, now);
  return { ...sweeps, dispatch };
}

/**
 * Runs the dispatcher every DISPATCH_EVERY_SECONDS and the sweep on SWEEP_CRON (in the business time zone).
 * `protect` skips a tick while the previous run of the same job is still going. Logs carry counts, never content.
 * `stop` waits for the runs in progress, so a shutdown never closes the database under a message being recorded as
 * sent (which would send it again after the lease).
 */
export function scheduleJobs(deps: JobDeps): { stop(): Promise<void> } {
  const log = (job: string, report: object) => {
    if (Object.values(report).some((count) => count > 0)) deps.log.info({ job, ...report }, "job ran");
  };
  const failed = (job: string) => (error: unknown) =>
    deps.log.error({ job, ...(error instanceof Error ? describeError(error) : {}) }, "job failed");
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  const track = (run: Promise<void>) => {
    running.add(run);
    return run.finally(() => running.delete(run));
  };
  const dispatcher = new Cron("* * * * * *", { interval: deps.config.DISPATCH_EVERY_SECONDS, protect: true }, () =>
    track(
      runOutboxDispatch(deps, new Date(), stopping.signal).then(
        (report) => log("dispatch", report),
        failed("dispatch"),
      ),
    ),
  );
  const sweeper = new Cron(deps.config.SWEEP_CRON, { timezone: deps.config.BUSINESS_TIMEZONE, protect: true }, () =>
    track(
      runSweeps(deps, new Date()).then(
        ({ reminders, verification, retention, complaints }) =>
          log("sweep", { ...reminders, ...verification, ...retention, ...complaints }),
        failed("sweep"),
      ),
    ),
  );
  return {
    async stop() {
      stopping.abort();
      dispatcher.stop();
      sweeper.stop();
      await Promise.allSettled([...running]);
    },
  };
}
