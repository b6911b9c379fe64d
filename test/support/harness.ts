import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { AppContext, ResolvedConfig } from "../../src/context.js";
import type { DatabaseHandle } from "../../src/db/index.js";
import { type ActedBy, systemJob } from "../../src/domain/actor.js";
import { runOutboxDispatch } from "../../src/jobs/dispatch-outbox.js";
import { runReminderSweep } from "../../src/jobs/reminder-sweep.js";
import { runVerificationSweep } from "../../src/jobs/verification-sweep.js";
import { silentLogger } from "../../src/log.js";
import { createRenderer } from "../../src/mail/render.js";
import { createMailer } from "../../src/mail/transport.js";
import { openTestDatabase } from "./database.js";

export interface Harness {
  ctx: AppContext;
  app: ReturnType<typeof createApp>;
  database: DatabaseHandle;
  /** Moves the harness clock; use cases read time only through `ctx.now`. */
  setNow(instant: Date | string): void;
  /** A test's own changes to the product's records: a system job named "test", at the harness clock. */
  by(): ActedBy;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** One pass of the outbox dispatcher at the harness clock, through the configured mailer. */
  dispatch(): ReturnType<typeof runOutboxDispatch>;
  /** One reminder sweep at the harness clock. */
  sweep(): ReturnType<typeof runReminderSweep>;
  /** One pass over unverified requests (remind, close, purge) at the harness clock. */
  verificationSweep(): ReturnType<typeof runVerificationSweep>;
  close(): Promise<void>;
}

export async function createHarness(overrides: Partial<ResolvedConfig> = {}): Promise<Harness> {
  const database = await openTestDatabase();
  let now = new Date("2026-11-20T15:00:00Z");
  const config: ResolvedConfig = {
    ...loadConfig({}),
    TOKEN_SECRET: "a-test-key-of-more-than-32-characters",
    // Tests send many requests from one address; the rate-limit tests set their own limits.
    RATE_LIMIT_INTAKE_PER_IP_HOUR: 1_000_000,
    RATE_LIMIT_INTAKE_PER_EMAIL_DAY: 1_000_000,
    RATE_LIMIT_VERIFY_PER_IP_HOUR: 1_000_000,
    RATE_LIMIT_LOOKUP_PER_IP_HOUR: 1_000_000,
    RATE_LIMIT_LOOKUP_PER_TRACKING_NUMBER_HOUR: 1_000_000,
    RATE_LIMIT_SIGN_IN_PER_IP_HOUR: 1_000_000,
    ...overrides,
  };
  const ctx: AppContext = { db: database.db, config, now: () => now };
  const app = createApp(ctx);
  const mailer = createMailer(config);
  const jobDeps = { db: database.db, config, mailer, render: createRenderer(config), log: silentLogger };
  return {
    ctx,
    app,
    database,
    setNow(instant) {
      now = new Date(instant);
    },
    by: () => ({ actor: systemJob("test"), at: now }),
    post: async (path, body, headers = {}) =>
      app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
    dispatch: () => runOutboxDispatch(jobDeps, now),
    sweep: () => runReminderSweep(jobDeps, now),
    verificationSweep: () => runVerificationSweep(jobDeps, now),
    close: async () => {
      mailer.close();
      await database.close();
    },
  };
}

/** A response body for assertions; tests check its shape, so it is deliberately loose. */
// biome-ignore lint/suspicious/noExplicitAny: assertions below check the shape.
export const json = (res: Response): Promise<any> => res.json();
