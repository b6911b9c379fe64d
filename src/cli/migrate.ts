import { loadConfig } from "../config.js";
import { createDatabase, migrationsFolder } from "../db/index.js";
import { migratePostgres } from "../db/postgres.js";

/** Applies the migrations in drizzle/ to DATABASE_URL, or to the embedded database when none is set. */
const config = loadConfig(process.env);
if (config.DATABASE_URL) {
  await migratePostgres(config.DATABASE_URL, migrationsFolder);
  console.log("Migrations applied to PostgreSQL.");
} else {
  const database = await createDatabase(config);
  await database.close();
  console.log(`Migrations applied to the embedded database in ${config.DATA_DIR}.`);
}
