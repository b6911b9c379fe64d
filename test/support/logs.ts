import { Writable } from "node:stream";
import { pino } from "pino";
import type { Logger } from "../../src/log.js";

/** A logger whose lines a test can read, to check what the product logs (and what it never does). */
export function capturingLogger(): { log: Logger; text(): string } {
  const lines: string[] = [];
  const log = pino(
    { level: "info" },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { log, text: () => lines.join("") };
}
