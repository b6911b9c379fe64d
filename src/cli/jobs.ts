import { ConfigError, loadConfig } from "../config.js";
import { EmbeddedDatabaseBusy } from "../db/embedded-lock.js";
import { createDatabase } from "../db/index.js";
import { runJobsOnce, scheduleJobs } from "../jobs/index.js";
import { createLogger } from "../log.js";
import { createRenderer } from "../mail/render.js";
import { createMailer } from "../mail/transport.js";
import { resolveTokenSecret } from "../security/token-secret.js";

/** `npm run jobs` runs the jobs on their schedule without the API; `npm run jobs -- --once` runs one pass and exits. */
const once = process.argv.includes("--once");
try {
  const config = await resolveTokenSecret(loadConfig(process.env));
  // A long-running job runner owns the embedded database as the server would; a single pass only visits it.
  const database = await createDatabase(config, {
    role: once ? "cli" : "owner",
    command: once ? "npm run jobs -- --once" : "npm run jobs",
  });
  const deps = {
    db: database.db,
    config,
    mailer: createMailer(config),
    render: createRenderer(config),
    log: createLogger(config),
  };
  if (once) {
    console.log(JSON.stringify(await runJobsOnce(deps, new Date())));
    deps.mailer.close();
    await database.close();
  } else {
    const jobs = scheduleJobs(deps);
    console.log(`Rightsdesk jobs running (database: ${database.engine})`);
    const stop = async () => {
      await jobs.stop();
      deps.mailer.close();
      await database.close();
      process.exit(0);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  }
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof EmbeddedDatabaseBusy)) throw error;
  console.error(error.message);
  if (error instanceof EmbeddedDatabaseBusy && !once) {
    console.error("On the embedded database `npm start` runs the jobs itself; `npm run jobs` is for PostgreSQL.");
  }
  process.exitCode = 1;
}
