import { loadConfig } from "../config.js";
import { createDatabase } from "../db/index.js";
import { DomainError } from "../domain/errors.js";
import { listDeadLetters, retryDeadLetter } from "../modules/outbox/dead-letters.js";

const usage = `Usage: npm run cli -- <command>
  outbox:dead           list messages the dispatcher gave up on
  outbox:retry <id>     queue a dead message again`;

const [command, ...args] = process.argv.slice(2);
const config = loadConfig(process.env);
const database = await createDatabase(config);
try {
  switch (command) {
    case "outbox:dead": {
      const dead = await listDeadLetters(database.db);
      if (dead.length === 0) console.log("No dead messages.");
      for (const letter of dead) {
        console.log(
          `${letter.id}\t${letter.template}\t${letter.trackingNumber ?? "-"}\t${letter.attempts} attempts\t${letter.lastError ?? ""}`,
        );
      }
      break;
    }
    case "outbox:retry": {
      const id = Number(args[0]);
      if (!Number.isSafeInteger(id)) throw new DomainError("validation", "Give the id of a dead message.");
      await retryDeadLetter(database.db, id, new Date());
      console.log(`Message ${id} is queued again.`);
      break;
    }
    default:
      console.log(usage);
      process.exitCode = command ? 2 : 0;
  }
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await database.close();
}
