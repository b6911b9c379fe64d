import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createDatabase } from "./db/index.js";
import { scheduleJobs } from "./jobs/index.js";
import { createRenderer } from "./mail/render.js";
import { createMailer } from "./mail/transport.js";
import { resolveTokenSecret } from "./security/token-secret.js";

async function main(): Promise<void> {
  const config = await resolveTokenSecret(loadConfig(process.env));
  const database = await createDatabase(config);
  const app = createApp({ db: database.db, config, now: () => new Date() });
  const server = serve({ fetch: app.fetch, port: config.PORT }, (info) => {
    console.log(`Rightsdesk listening on http://localhost:${info.port} (database: ${database.engine})`);
  });
  // One process runs the API and the jobs by default; `npm run jobs` runs the jobs alone.
  const mailer = createMailer(config);
  const jobs = scheduleJobs({ db: database.db, config, mailer, render: createRenderer(config) });
  const shutdown = () => {
    jobs.stop();
    server.close(async () => {
      mailer.close();
      await database.close();
      process.exit(0);
    });
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
