import { loadConfig } from "../config.js";
import { createDatabase } from "../db/index.js";
import { runJobsOnce, scheduleJobs } from "../jobs/index.js";
import { createRenderer } from "../mail/render.js";
import { createMailer } from "../mail/transport.js";
import { resolveTokenSecret } from "../security/token-secret.js";

/** `npm run jobs` runs the jobs on their schedule without the API; `npm run jobs -- --once` runs one pass and exits. */
const config = await resolveTokenSecret(loadConfig(process.env));
const database = await createDatabase(config);
const deps = { db: database.db, config, mailer: createMailer(config), render: createRenderer(config) };

if (process.argv.includes("--once")) {
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
