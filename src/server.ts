import { resolve } from "node:path";
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { watchDatabase } from "./db/availability.js";
import { EmbeddedDatabaseBusy } from "./db/embedded-lock.js";
import { createDatabase } from "./db/index.js";
import { scheduleJobs } from "./jobs/index.js";
import { createLogger } from "./log.js";
import { createRenderer } from "./mail/render.js";
import { createMailer, mailFolder } from "./mail/transport.js";
import { createMetrics } from "./metrics.js";
import { firstRunLink } from "./modules/staff/first-run.js";
import { resolveTokenSecret } from "./security/token-secret.js";

async function main(): Promise<void> {
  const config = await resolveTokenSecret(loadConfig(process.env));
  const log = createLogger(config);
  const database = await createDatabase(config, { role: "owner", command: "npm start" });
  const availability = config.DATABASE_URL ? watchDatabase(config.DATABASE_URL) : undefined;
  const metrics = createMetrics(database.db, config.BUSINESS_TIMEZONE);
  const app = createApp({ db: database.db, config, now: () => new Date() }, { log, availability, metrics });
  // Counted so that shutdown lets the requests already being handled finish before the database closes.
  let inFlight = 0;
  const fetch = async (request: Request) => {
    inFlight += 1;
    try {
      return await app.fetch(request);
    } finally {
      inFlight -= 1;
    }
  };
  // A fresh embedded start with no one on the team: the link that makes the first admin.
  const setup = config.DATABASE_URL ? undefined : await firstRunLink(database.db, config, new Date());
  const server = serve({ fetch, port: config.PORT }, (info) => {
    const where = config.DATABASE_URL ? "PostgreSQL" : `embedded PostgreSQL (PGlite) in ${resolve(config.DATA_DIR)}`;
    const mail = config.SMTP_URL ? "SMTP" : `.eml files in ${resolve(mailFolder(config))}`;
    console.log(
      [
        `Rightsdesk listening on http://localhost:${info.port}`,
        `  database: ${where}`,
        `  mail: ${mail}`,
        `  API reference: http://localhost:${info.port}/docs`,
        ...(setup ? [`  first run: create the first admin at ${setup} (works once, for an hour)`] : []),
      ].join("\n"),
    );
  });
  // One process runs the API and the jobs by default; `npm run jobs` runs the jobs alone, and then API processes
  // are started with RUN_JOBS=false.
  const mailer = createMailer(config);
  const jobs = config.RUN_JOBS
    ? scheduleJobs({ db: database.db, config, mailer, render: createRenderer(config), log })
    : { stop: async () => {} };
  const shutdown = () => {
    const jobsStopped = jobs.stop();
    server.close(async () => {
      for (let waited = 0; inFlight > 0 && waited < 10_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await jobsStopped;
      mailer.close();
      await availability?.stop();
      await database.close();
      process.exit(0);
    });
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  const expected = error instanceof ConfigError || error instanceof EmbeddedDatabaseBusy;
  console.error(expected ? (error as Error).message : error);
  process.exit(1);
});
