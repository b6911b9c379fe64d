import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Two Rightsdesk processes, each on its own embedded database: Alpha is a processor holding data for Beta, and Beta
 * is the controller. A request Alpha receives about a Beta customer's user is routed, signed, to Beta's processor
 * intake; Beta opens it as a request of its own and answers with its tracking number, which Alpha keeps as Beta's
 * acknowledgement. Real processes and the real dispatcher, as two companies would run them.
 */
const root = join(import.meta.dirname, "../..");

interface Desk {
  name: string;
  port: number;
  dataDir: string;
  url: string;
  server?: ChildProcess;
  token: string;
  log: string[];
}

const desks: Desk[] = [];

function desk(name: string): Desk {
  const port = 3900 + desks.length * 50 + Math.floor(Math.random() * 40);
  const made = { name, port, dataDir: "", url: `http://127.0.0.1:${port}`, token: "", log: [] as string[] };
  desks.push(made);
  return made;
}

const env = (d: Desk) => ({
  ...process.env,
  DATA_DIR: d.dataDir,
  PORT: String(d.port),
  PUBLIC_BASE_URL: d.url,
  DATABASE_URL: "",
  SMTP_URL: "",
  DISPATCH_EVERY_SECONDS: "1",
  LOG_LEVEL: "warn",
});

function run(d: Desk, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env: env(d), stdio: "pipe" });
  child.stdout?.on("data", (chunk) => d.log.push(String(chunk)));
  child.stderr?.on("data", (chunk) => d.log.push(String(chunk)));
  return child;
}

async function start(d: Desk): Promise<void> {
  d.dataDir = await mkdtemp(join(tmpdir(), `rd-${d.name}-`));
  d.server = run(d, ["src/server.ts"]);
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${d.url}/readyz`)).ok) break;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  const cli = run(d, ["src/cli/index.ts", "staff:create", "--email", `admin@${d.name}.example`, "--role", "admin"]);
  const out: string[] = [];
  cli.stdout?.on("data", (chunk) => out.push(String(chunk)));
  const code = await new Promise((resolve) => cli.on("exit", resolve));
  if (code !== 0) throw new Error(`staff:create failed on ${d.name}: ${d.log.join("")}`);
  d.token = out.join("").trim().split("\n").at(-1) as string;
}

function call(d: Desk, method: string, path: string, body?: unknown) {
  return fetch(`${d.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${d.token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: assertions check the shape.
const json = async (res: Response): Promise<any> => {
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${text}`);
  return JSON.parse(text);
};

const alpha = desk("alpha");
const beta = desk("beta");

beforeAll(async () => {
  await Promise.all([start(alpha), start(beta)]);
}, 120_000);

afterAll(async () => {
  for (const d of desks) {
    if (d.server && d.server.exitCode === null) {
      const exited = new Promise((resolve) => d.server?.on("exit", resolve));
      d.server.kill("SIGTERM");
      await exited;
    }
    if (d.dataDir) await rm(d.dataDir, { recursive: true, force: true });
  }
});

describe("two Rightsdesks, processor and controller", () => {
  it("pass a routed request from the processor to the controller's intake and back its acknowledgement", async () => {
    const processor = await json(await call(beta, "POST", "/v1/admin/processors", { name: "Alpha Hosting" }));
    const registered = await json(
      await call(alpha, "POST", "/v1/admin/controllers", {
        legalName: "Beta Retail",
        contacts: [{ name: "Bea Privacy", email: "privacy@beta.example" }],
        mayBeNamed: true,
        webhookUrl: `${beta.url}/v1/processors/${processor.id}/requests`,
        keys: { emailDomains: ["beta.example"] },
      }),
    );
    await json(
      await call(beta, "PATCH", `/v1/admin/processors/${processor.id}`, {
        version: processor.version,
        signingSecret: registered.webhookSecret,
      }),
    );

    const subject = { name: "Dana Lee", email: "dana@beta.example" };
    const filed = await json(
      await call(alpha, "POST", "/v1/requests", { kind: "deletion", jurisdiction: "US-CO", subject }),
    );
    let part: { id: string; trackingNumber: string; reference: string | null; forwardedAt: string | null } | undefined;
    for (let i = 0; i < 100 && !part?.reference; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      [part] = (await json(await call(alpha, "GET", `/v1/review/requests/${filed.id}`))).parts;
    }
    expect(part?.reference, alpha.log.join("") + beta.log.join("")).toMatch(/^RD-/);
    expect(part?.forwardedAt).not.toBeNull();

    const queue = await json(await call(beta, "GET", "/v1/review/requests"));
    const taken = queue.items.filter((item: { trackingNumber: string }) => item.trackingNumber === part?.reference);
    expect(taken).toHaveLength(1);
    const { request, events } = await json(await call(beta, "GET", `/v1/review/requests/${taken[0].id}`));
    expect(request).toMatchObject({
      channel: "processor",
      kind: "deletion",
      jurisdiction: "US-CO",
      subjectEmail: subject.email,
      subjectName: subject.name,
      status: "verifying",
    });
    expect(request.details).toContain(part?.id);
    expect(events[0]).toMatchObject({ action: "received", actorType: "processor", actorId: processor.id });
  });
});
