import type { Config } from "./config.js";
import type { Database } from "./db/index.js";

/** What every use case may reach. The clock is injected so tests move time instead of waiting. */
export interface AppContext {
  db: Database;
  config: Config;
  now: () => Date;
}
