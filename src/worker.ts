import type { ExecutionContext } from "hono";
import { createApp } from "./app.js";
import { loadConfig } from "./config.js";
import { connectPostgres } from "./db/postgres.js";
import { runSweeps } from "./jobs/index.js";
import { createLogger } from "./log.js";
import { requireTokenSecret } from "./security/token-secret.js";

interface Env {
  /** PostgreSQL through Cloudflare's pooler; the only database a Worker can reach. */
  HYPERDRIVE: { connectionString: string };
  [variable: string]: unknown;
}

function variables(env: Env): Record<string, string | undefined> {
  const strings = Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return Object.fromEntries(strings);
}

/**
 * Workers entry: config is parsed per invocation and the connection closed after it, as Workers require.
 * The cron trigger runs the sweeps, which only write to the database and the outbox; delivering mail needs SMTP, which a
 * Worker cannot speak, so a Node job runner (`npm run jobs`) on the same database sends what the sweep enqueues.
 */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const config = requireTokenSecret(loadConfig(variables(env)));
    // Workers limit concurrent connections per invocation; Hyperdrive pools the real ones.
    const database = connectPostgres({ url: env.HYPERDRIVE.connectionString, max: 5, prepare: false });
    const app = createApp({ db: database.db, config, now: () => new Date() }, { log: createLogger(config) });
    try {
      return await app.fetch(request, env, ctx);
    } finally {
      ctx.waitUntil(database.close());
    }
  },

  async scheduled(controller: { scheduledTime: number }, env: Env, ctx: ExecutionContext): Promise<void> {
    const config = requireTokenSecret(loadConfig(variables(env)));
    const database = connectPostgres({ url: env.HYPERDRIVE.connectionString, max: 1, prepare: false });
    try {
      await runSweeps({ db: database.db, config }, new Date(controller.scheduledTime));
    } finally {
      ctx.waitUntil(database.close());
    }
  },
};
