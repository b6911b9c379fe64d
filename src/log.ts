import { pino } from "pino";
import type { Config } from "./config.js";

export type Logger = pino.Logger;

/**
 * Structured logs, one JSON object a line (pino). They carry counts, routes, ids and error kinds, never personal
 * data: errors go through `describeError`, which drops messages that could quote a statement's parameters.
 */
export function createLogger(config: Pick<Config, "LOG_LEVEL">): Logger {
  return pino({
    level: config.LOG_LEVEL,
    timestamp: pino.stdTimeFunctions.isoTime,
    base: { service: "rightsdesk" },
    formatters: { level: (label) => ({ level: label }) },
  });
}

/** For tests and tools that want nothing printed. */
export const silentLogger: Logger = pino({ level: "silent" });
