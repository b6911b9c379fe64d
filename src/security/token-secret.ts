import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Config, ConfigError } from "../config.js";
import type { ResolvedConfig } from "../context.js";

/**
 * The key for hashing verification tokens and sealing outbox secrets: TOKEN_SECRET, or, on the embedded database
 * only, a key made on first start and kept beside the data in DATA_DIR, so links sent before a restart still work.
 * A shared PostgreSQL needs the same key in every process, so there it must be configured.
 */
export async function resolveTokenSecret(config: Config): Promise<ResolvedConfig> {
  if (config.TOKEN_SECRET) return { ...config, TOKEN_SECRET: config.TOKEN_SECRET };
  if (config.DATABASE_URL) {
    throw new ConfigError("Invalid configuration:\n  TOKEN_SECRET: required with DATABASE_URL (32 characters or more)");
  }
  const file = join(config.DATA_DIR, "token-secret");
  try {
    return { ...config, TOKEN_SECRET: (await readFile(file, "utf8")).trim() };
  } catch {
    const secret = randomBytes(32).toString("base64url");
    await mkdir(config.DATA_DIR, { recursive: true });
    await writeFile(file, secret, { mode: 0o600, flag: "wx" });
    return { ...config, TOKEN_SECRET: secret };
  }
}

/** Where no folder of our own exists (Workers), the key must come from configuration. */
export function requireTokenSecret(config: Config): ResolvedConfig {
  if (!config.TOKEN_SECRET)
    throw new ConfigError("Invalid configuration:\n  TOKEN_SECRET: required (32 characters or more)");
  return { ...config, TOKEN_SECRET: config.TOKEN_SECRET };
}
