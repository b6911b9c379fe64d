import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The embedded database as a newcomer runs it: `npm start` on a data folder, the CLI beside it. Real processes, so
 * the lock, the socket and the signals are the ones a person meets.
 */
const root = join(import.meta.dirname, "../..");
let dataDir: string;
const port = 3300 + Math.floor(Math.random() * 500);
const env = () => ({ ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: "", SMTP_URL: "" });

function run(command: string, args: string[]): ChildProcess {
  return spawn(command, args, { cwd: root, env: env(), stdio: ["pipe", "pipe", "pipe"] });
}

/** What a process has printed so far, for the message of an assertion that fails. */
const printed = new WeakMap<ChildProcess, string[]>();

/** Runs a command to its end: its exit code and what it printed. */
function finish(child: ChildProcess): Promise<{ code: number | null; out: string }> {
  const out: string[] = [];
  printed.set(child, out);
  child.stdout?.on("data", (chunk) => out.push(String(chunk)));
  child.stderr?.on("data", (chunk) => out.push(String(chunk)));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out: out.join("") })));
}

const cli = (...args: string[]) => finish(run(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args]));

async function ready(): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the server did not become ready");
}

const reviewQueue = (token: string) =>
  fetch(`http://127.0.0.1:${port}/v1/review/requests`, { headers: { authorization: `Bearer ${token}` } });

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "rd-embedded-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("the embedded database, one owner at a time", () => {
  it("lets the CLI work beside `npm start`, keeps what it wrote across a restart, and refuses a second server", async () => {
    const npm = run("npm", ["start"]);
    const server = finish(npm);
    await ready();
    const { pid } = JSON.parse(await readFile(join(dataDir, "rightsdesk.lock"), "utf8")) as { pid: number };
    // The first lines name the database, the data folder, where mail goes, and the API reference.
    const startupOf = () => printed.get(npm)?.join("") ?? "";
    for (let i = 0; i < 50 && !startupOf().includes("API reference"); i++) await new Promise((r) => setTimeout(r, 100));
    const startup = startupOf();
    expect(startup).toContain(`database: embedded PostgreSQL (PGlite) in ${dataDir}`);
    expect(startup).toContain(`mail: .eml files in ${join(dataDir, "mail")}`);
    expect(startup).toContain(`API reference: http://localhost:${port}/docs`);
    // No one is on the team yet: the link that makes the first admin.
    expect(startup).toMatch(/first run: create the first admin at http:\/\/\S+\/staff\/setup\?token=\d+\.\S+/);

    const unknownRole = await cli("staff:create", "--email", "x@example.com", "--role", "boss");
    expect(unknownRole).toMatchObject({
      code: 1,
      out: expect.stringContaining("--role must be one of: admin, reviewer, auditor"),
    });

    const created = await cli("staff:create", "--email", "admin@example.com", "--role", "admin");
    expect(created.code).toBe(0);
    const token = created.out.trim().split("\n").at(-1) as string;
    expect((await reviewQueue(token)).status, printed.get(npm)?.join("")).toBe(200);

    // An authorized agent registered from the CLI while the server runs is in the server's directory.
    const verifyKey = Buffer.alloc(32, 7).toString("base64");
    const agent = await cli(
      "agents:add",
      "--id",
      "CR_AA_DRP_ID_001",
      "--verify-key",
      verifyKey,
      "--name",
      "Permission Slip",
    );
    expect(agent.code, agent.out).toBe(0);
    const directory = await fetch(`http://127.0.0.1:${port}/v1/admin/agents`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await directory.json()) as { items: unknown[] }).items).toMatchObject([
      { id: "CR_AA_DRP_ID_001", verify_key: verifyKey, paired: false },
    ]);

    // The server under load and CLI commands at the same moment: each CLI session has the database to itself, so
    // neither runs inside the other's transaction, and nothing fails or goes missing.
    const intake = (n: number) =>
      fetch(`http://127.0.0.1:${port}/v1/requests`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          kind: "deletion",
          jurisdiction: "US-CA",
          subject: { name: "Load Test", email: `load${n}@example.com` },
        }),
      });
    const [answers, commands] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, (_, n) => intake(n).then((res) => res.status))),
      Promise.all([cli("staff:create", "--email", "second@example.com", "--role", "reviewer"), cli("audit:verify")]),
    ]);
    expect(answers).toEqual(Array(30).fill(202));
    expect(
      commands.map((command) => command.code),
      commands.map((command) => command.out).join("\n"),
    ).toEqual([0, 0]);
    const verified = await cli("audit:verify");
    expect(verified.out).toMatch(/^Intact: \d+ entries in 3\d chains/m);

    const second = await finish(run(process.execPath, ["--import", "tsx", "src/server.ts"]));
    expect(second.code).toBe(1);
    expect(second.out).toContain(`in use by process ${pid} (npm start)`);

    // SIGTERM to npm stops the server it started: no node process is left behind holding the folder.
    npm.kill("SIGTERM");
    await server;
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(pid)).toBe(false);

    const again = run(process.execPath, ["--import", "tsx", "src/server.ts"]);
    const stopped = finish(again);
    await ready();
    expect((await reviewQueue(token)).status, printed.get(again)?.join("")).toBe(200);
    again.kill("SIGTERM");
    expect((await stopped).code).toBe(0);
  }, 120_000);

  it("lets the CLI open the folder itself when no server runs, and clears a lock its holder left behind", async () => {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dataDir, "rightsdesk.lock"), JSON.stringify({ pid: 999_999, role: "owner", command: "gone" }));
    const verified = await cli("audit:verify");
    expect(verified.out).toMatch(/^Intact: \d+ entries in \d+ chains/m);
    expect(verified.code).toBe(0);
  }, 60_000);
});
