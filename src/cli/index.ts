import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { z } from "zod";
import { ConfigError, loadConfig } from "../config.js";
import { EmbeddedDatabaseBusy } from "../db/embedded-lock.js";
import { createDatabase } from "../db/index.js";
import { type ActedBy, staffRoles, systemJob } from "../domain/actor.js";
import { DomainError } from "../domain/errors.js";
import { resolveResidence } from "../domain/vocabulary.js";
import { jurisdictionInput, line } from "../http/shared-schemas.js";
import { putAgents } from "../modules/agents/directory.js";
import { agentEntry } from "../modules/agents/schemas.js";
import { verifyAuditTrails } from "../modules/audit/verify-trails.js";
import { openMinorDataDeletion } from "../modules/minors/open-minor-data-deletion.js";
import { listDeadLetters, retryDeadLetter } from "../modules/outbox/dead-letters.js";
import { setStaffPassword } from "../modules/staff/staff-sessions.js";
import { changeStaffRole, createStaffToken, revokeStaffTokens } from "../modules/staff/staff-tokens.js";
import { importSubjects } from "../modules/subjects/import-subjects.js";
import { resolveTokenSecret } from "../security/token-secret.js";

const usage = `Usage: npm run cli -- <command>
  outbox:dead           list messages the dispatcher gave up on
  outbox:retry <id>     queue a dead message again
  subjects:import <csv> add records to match requesters' answers against
                        (headers: email, phone, account_id, postal_code, card_last4, date_of_birth)
  staff:create --email <email> --role <${staffRoles.join("|")}> [--name <text>] [--label <text>]
                        add a staff member and print a new API token on the last line (a member who exists
                        with that role gets another token; a different role is refused: see staff:role)
  staff:role --email <email> --role <${staffRoles.join("|")}>
                        change a staff member's role
  staff:revoke --email <email>
                        revoke every token of a staff member
  staff:password --email <email>
                        set the password for signing in to the pages, read from the first line of standard input
  minors:report <email> <jurisdiction> <under_13|13_15> <source>
                        open the deletion of data collected from a person under 16
  agents:add --id <id> --verify-key <base64> --name <name>
                        add an authorized agent to the DRP directory (or update one listed)
  agents:import <agents.json>
                        add or update the agents of the consortium's directory file
  audit:verify [--request <id>]
                        recompute the audit trails' hash chains and name the first entry that does not match
Every command works while the server runs on the embedded database: it connects through the server.`;

const email = z.email("--email must be an e-mail address");
const role = z.enum(staffRoles, `--role must be one of: ${staffRoles.join(", ")}`);
const staffCreate = z.object({
  email,
  role,
  name: line(200).optional(),
  label: z.string().min(1).optional(),
});
const staffRole = z.object({ email, role });
const staffOnly = z.object({ email });
const minorReport = z.object({
  email: z.email("the first argument must be the person's e-mail address"),
  jurisdiction: jurisdictionInput,
  ageBand: z.enum(["under_13", "13_15"], "the age band must be under_13 or 13_15"),
  source: z.string().min(1, "say how the company learned of it"),
});
const agentAdd = z.object({
  id: z.string("--id is the agent's directory id"),
  "verify-key": z.string("--verify-key is the agent's base64 Ed25519 public key"),
  name: z.string("--name is the agent's name"),
});
const auditOptions = z.object({ request: z.uuid("--request must be a request id").optional() });

/** "--email a@b --role admin" as { email, role }. */
function options(args: string[]): Record<string, string> {
  const pairs: [string, string][] = [];
  for (let i = 0; i < args.length - 1; i++) {
    const name = args[i];
    if (name?.startsWith("--")) pairs.push([name.slice(2), args[i + 1] as string]);
  }
  return Object.fromEntries(pairs);
}

/** The arguments as the schema reads them, or a refusal that says what is wrong with them. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new DomainError("validation", parsed.error.issues.map((issue) => issue.message).join("\n"));
}

const [command, ...args] = process.argv.slice(2);
if (!command || command === "help" || command === "--help") {
  console.log(usage);
  process.exit(command ? 0 : 2);
}

try {
  const config = await resolveTokenSecret(loadConfig(process.env));
  const database = await createDatabase(config, { role: "cli", command: `npm run cli -- ${command}` });
  const by = (): ActedBy => ({ actor: systemJob(`cli ${command}`), at: new Date() });
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
        const id = parse(z.coerce.number().int().positive("give the id of a dead message"), args[0]);
        await retryDeadLetter(database.db, id, by());
        console.log(`Message ${id} is queued again.`);
        break;
      }
      case "subjects:import": {
        const file = parse(z.string("give the path of a CSV file"), args[0]);
        const csv = await readFile(file, "utf8");
        const report = await importSubjects(database.db, csv, `csv:${basename(file)}`, by(), config.TOKEN_SECRET);
        console.log(`Imported ${report.imported} records.`);
        if (report.suppressed > 0) {
          console.log(`Left out ${report.suppressed} of people whose data was deleted at their request.`);
        }
        for (const issue of report.rejected) console.log(`Skipped ${issue.field}: ${issue.message}`);
        break;
      }
      case "staff:create": {
        const input = parse(staffCreate, options(args));
        const { token, created } = await createStaffToken(database.db, { ...input, label: input.label ?? "cli" }, by());
        console.log(
          `${created ? "Added" : "A new token for"} ${input.email} (${input.role}); the token is shown only now:`,
        );
        console.log(token);
        break;
      }
      case "staff:role": {
        const input = parse(staffRole, options(args));
        const changed = await changeStaffRole(database.db, input.email, input.role, by());
        console.log(changed ? `${input.email} is now ${input.role}.` : `No staff member ${input.email}.`);
        process.exitCode = changed ? 0 : 1;
        break;
      }
      case "staff:revoke": {
        const input = parse(staffOnly, options(args));
        console.log(`Revoked ${await revokeStaffTokens(database.db, input.email, by())} tokens.`);
        break;
      }
      case "staff:password": {
        const input = parse(staffOnly, options(args));
        const password = (await firstLineOfStdin()).trim();
        if (password.length < 12)
          throw new DomainError("validation", "A password of at least 12 characters is needed.");
        const set = await setStaffPassword(database.db, input.email, password, by());
        console.log(
          set
            ? `Password set for ${input.email}.`
            : `No staff member ${input.email}; create one with staff:create first.`,
        );
        process.exitCode = set ? 0 : 1;
        break;
      }
      case "minors:report": {
        const [email, jurisdiction, ageBand, ...source] = args;
        const input = parse(minorReport, { email, jurisdiction, ageBand, source: source.join(" ") });
        const opened = await openMinorDataDeletion({
          ctx: { db: database.db, config, now: () => new Date() },
          actor: by().actor,
          input: { ...input, jurisdiction: resolveResidence(input.jurisdiction).jurisdiction },
        });
        console.log(`${opened.created ? "Opened" : "Already open:"} ${opened.trackingNumber}, due today.`);
        break;
      }
      case "agents:add": {
        const input = parse(agentAdd, options(args));
        const [agent] = await putAgents(
          database.db,
          [parse(agentEntry, { id: input.id, name: input.name, verify_key: input["verify-key"] })],
          by(),
        );
        console.log(
          `Agent ${agent?.id} (${agent?.name}) is in the directory; it sets up its token with POST /v1/agent/${agent?.id}.`,
        );
        break;
      }
      case "agents:import": {
        const file = parse(z.string("give the path of an agents.json file"), args[0]);
        const listed = parse(z.array(agentEntry).min(1), JSON.parse(await readFile(file, "utf8")));
        const agents = await putAgents(database.db, listed, by());
        console.log(
          `Put ${agents.length} ${agents.length === 1 ? "agent" : "agents"} from ${basename(file)} in the directory.`,
        );
        break;
      }
      case "audit:verify": {
        const input = parse(auditOptions, options(args));
        const report = await verifyAuditTrails(database.db, input.request ? { requestId: input.request } : {});
        console.log(report.summary);
        process.exitCode = report.intact ? 0 : 1;
        break;
      }
      default:
        console.log(usage);
        process.exitCode = 2;
    }
  } finally {
    await database.close();
  }
} catch (error) {
  if (!(error instanceof DomainError || error instanceof ConfigError || error instanceof EmbeddedDatabaseBusy))
    throw error;
  console.error(error.message);
  process.exitCode = 1;
}

async function firstLineOfStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  return text.split("\n")[0] ?? "";
}
