import type { Config } from "./config.js";
import type { Database } from "./db/index.js";

/** What every use case may reach. The clock is injected so tests move time instead of waiting. */
/** Configuration once the token secret is known (see src/security/token-secret.ts). */
export type ResolvedConfig = Config & { TOKEN_SECRET: string };

export interface AppContext {
  db: Database;
  config: ResolvedConfig;
  now: () => Date;
}
