import { ConfigError, loadConfig } from "../config.js";
import { EmbeddedDatabaseBusy } from "../db/embedded-lock.js";
import { createDatabase, migrationsFolder } from "../db/index.js";
import { migratePostgres } from "../db/postgres.js";

/**
 * Applies the migrations in drizzle/ to DATABASE_URL. The embedded database is migrated whenever it is opened, so
 * here it is only opened (or, while the server runs, found already migrated by it).
 */
try {
  const config = loadConfig(process.env);
  if (config.DATABASE_URL) {
    await migratePostgres(config.DATABASE_URL, migrationsFolder);
    console.log("Migrations applied to PostgreSQL.");
  } else {
    const database = await createDatabase(config, { role: "cli", command: "npm run migrate" });
    await database.close();
    console.log(`The embedded database in ${config.DATA_DIR} is migrated.`);
  }
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof EmbeddedDatabaseBusy)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
