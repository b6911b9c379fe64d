import { benchIntake } from "./intake.js";
import { benchMail } from "./mail.js";
import { benchPackage } from "./package.js";
import { benchQueue } from "./queue.js";
import { benchSweep } from "./sweep.js";

/** `npm run bench -- <name>`: each benchmark prints its own figures. */
const benchmarks: Record<string, () => Promise<void>> = {
  intake: benchIntake,
  mail: benchMail,
  package: benchPackage,
  queue: benchQueue,
  sweep: benchSweep,
};

const names = process.argv.slice(2);
const chosen = names.length > 0 ? names : Object.keys(benchmarks);
for (const name of chosen) {
  const run = benchmarks[name];
  if (!run) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(benchmarks).join(", ")}.`);
    process.exit(2);
  }
  await run();
}
