import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { z } from "zod";
import { loadConfig } from "../config.js";
import { createDatabase } from "../db/index.js";
import { staffRoles } from "../domain/actor.js";
import { DomainError } from "../domain/errors.js";
import { jurisdictions } from "../domain/vocabulary.js";
import { openMinorDataDeletion } from "../modules/minors/open-minor-data-deletion.js";
import { listDeadLetters, retryDeadLetter } from "../modules/outbox/dead-letters.js";
import { setStaffPassword } from "../modules/staff/staff-sessions.js";
import { createStaffToken, revokeStaffTokens } from "../modules/staff/staff-tokens.js";
import { importSubjects } from "../modules/subjects/import-subjects.js";
import { resolveTokenSecret } from "../security/token-secret.js";

const usage = `Usage: npm run cli -- <command>
  outbox:dead           list messages the dispatcher gave up on
  outbox:retry <id>     queue a dead message again
  subjects:import <csv> add records to match requesters' answers against
                        (headers: email, phone, account_id, postal_code, card_last4, date_of_birth)
  staff:create --email <email> --role <admin|reviewer|auditor> [--label <text>]
                        add a staff member (or change the role) and print a new API token on the last line
  staff:revoke --email <email>
                        revoke every token of a staff member
  staff:password --email <email>
                        set the password for signing in to the pages, read from the first line of standard input
  minors:report <email> <jurisdiction> <under_13|13_15> <source>
                        open the deletion of data collected from a person under 16`;

const minorReport = z.object({
  email: z.email(),
  jurisdiction: z.enum(jurisdictions),
  ageBand: z.enum(["under_13", "13_15"]),
  source: z.string().min(1),
});

const staffOptions = z.object({ email: z.email(), role: z.enum(staffRoles), label: z.string().min(1).optional() });

/** "--email a@b --role admin" as { email, role }. */
function options(args: string[]): Record<string, string> {
  const pairs: [string, string][] = [];
  for (let i = 0; i < args.length - 1; i++) {
    const name = args[i];
    if (name?.startsWith("--")) pairs.push([name.slice(2), args[i + 1] as string]);
  }
  return Object.fromEntries(pairs);
}

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
    case "subjects:import": {
      const file = args[0];
      if (!file) throw new DomainError("validation", "Give the path of a CSV file.");
      const report = await importSubjects(database.db, await readFile(file, "utf8"), `csv:${basename(file)}`);
      console.log(`Imported ${report.imported} records.`);
      for (const issue of report.rejected) console.log(`Skipped ${issue.field}: ${issue.message}`);
      break;
    }
    case "staff:create": {
      const parsed = staffOptions.safeParse(options(args));
      if (!parsed.success) throw new DomainError("validation", usage);
      const { token } = await createStaffToken(database.db, {
        email: parsed.data.email,
        role: parsed.data.role,
        label: parsed.data.label ?? "cli",
      });
      console.log(`Token for ${parsed.data.email} (${parsed.data.role}); it is shown only now:`);
      console.log(token);
      break;
    }
    case "staff:revoke": {
      const email = options(args).email;
      if (!email) throw new DomainError("validation", usage);
      console.log(`Revoked ${await revokeStaffTokens(database.db, email, new Date())} tokens.`);
      break;
    }
    case "staff:password": {
      const email = options(args).email;
      const password = (await firstLineOfStdin()).trim();
      if (!email || password.length < 12)
        throw new DomainError("validation", `A password of at least 12 characters is needed.\n${usage}`);
      const set = await setStaffPassword(database.db, email, password);
      console.log(set ? `Password set for ${email}.` : `No staff member ${email}; create one with staff:create first.`);
      process.exitCode = set ? 0 : 1;
      break;
    }
    case "minors:report": {
      const [email, jurisdiction, ageBand, ...source] = args;
      const parsed = minorReport.safeParse({ email, jurisdiction, ageBand, source: source.join(" ") });
      if (!parsed.success) throw new DomainError("validation", usage);
      const opened = await openMinorDataDeletion({
        ctx: { db: database.db, config: await resolveTokenSecret(config), now: () => new Date() },
        actor: { type: "system", id: "cli" },
        input: parsed.data,
      });
      console.log(`${opened.created ? "Opened" : "Already open:"} ${opened.trackingNumber}, due today.`);
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

async function firstLineOfStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  return text.split("\n")[0] ?? "";
}
