import { type ChildProcess, execFileSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { freshBenchDatabase, startServer } from "../bench/support.js";
import { type FaultyProxy, startFaultyProxy } from "../test/support/proxy.js";
import { type CountingSmtp, startCountingSmtp } from "../test/support/smtp.js";

/**
 * What the chaos suite plays on, all on loopback: a fresh database on the local PostgreSQL server, reached by the
 * service through a proxy the suite can cut; an SMTP server counting every Message-ID; the built service (API and
 * jobs in one process, as `npm start` runs it) that the suite can kill -9 and start again; an admin's API token.
 */
export interface Stage {
  base: string;
  /** The database itself, around the proxy, to check what was stored. */
  direct: postgres.Sql;
  proxy: FaultyProxy;
  smtp: CountingSmtp;
  adminToken: string;
  /** The service's log, kept out of the table. */
  logFile: string;
  /** Every request the service acknowledged (2xx with an id), from every phase: none may be missing at the end. */
  acknowledged: Set<string>;
  mailConcurrency: number;
  mailFrom: string;
  start(): Promise<void>;
  /** kill -9: no shutdown, no finishing what it was doing. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export async function setStage(): Promise<Stage> {
  const url = await freshBenchDatabase("rightsdesk_chaos");
  const direct = postgres(url, { max: 2, onnotice: () => {} });
  const target = new URL(url);
  const proxy = await startFaultyProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const throughProxy = new URL(url);
  throughProxy.hostname = "127.0.0.1";
  throughProxy.port = String(proxy.port);
  const smtp = await startCountingSmtp();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logFile = join(mkdtempSync(join(tmpdir(), "rightsdesk-chaos-")), "service.log");
  const log = openSync(logFile, "a");
  const tokenSecret = "a-chaos-key-of-more-than-32-characters";
  const mailConcurrency = 8;
  const mailFrom = "Rightsdesk <privacy@chaos.example>";
  const limit = "1000000";
  const env = {
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    DATABASE_URL: throughProxy.toString(),
    TOKEN_SECRET: tokenSecret,
    SMTP_URL: smtp.url,
    MAIL_FROM: mailFrom,
    MAIL_CONCURRENCY: String(mailConcurrency),
    RUN_JOBS: "true",
    DISPATCH_EVERY_SECONDS: "1",
    OUTBOX_RETRY_FIRST_SECONDS: "1",
    // Limits out of the way, so hostile input reaches past them to the checks behind.
    RATE_LIMIT_INTAKE_PER_IP_HOUR: limit,
    RATE_LIMIT_INTAKE_PER_EMAIL_DAY: limit,
    RATE_LIMIT_VERIFY_PER_IP_HOUR: limit,
    RATE_LIMIT_LOOKUP_PER_IP_HOUR: limit,
    RATE_LIMIT_LOOKUP_PER_TRACKING_NUMBER_HOUR: limit,
    RATE_LIMIT_SIGN_IN_PER_IP_HOUR: limit,
  };

  const created = execFileSync(
    process.execPath,
    ["dist/cli/index.js", "staff:create", "--email", "chaos-admin@example.com", "--role", "admin"],
    { env: { ...process.env, DATABASE_URL: url, TOKEN_SECRET: tokenSecret }, encoding: "utf8" },
  );
  const adminToken = created.trim().split("\n").pop() as string;

  let service: ChildProcess | undefined;
  const stop = async (signal: NodeJS.Signals) => {
    if (!service || service.exitCode !== null) return;
    const exited = new Promise((resolve) => service?.once("exit", resolve));
    service.kill(signal);
    await exited;
  };
  return {
    base,
    direct,
    proxy,
    smtp,
    adminToken,
    logFile,
    acknowledged: new Set(),
    mailConcurrency,
    mailFrom,
    async start() {
      service = await startServer(env, port, { logTo: log });
    },
    kill: () => stop("SIGKILL"),
    async close() {
      await stop("SIGTERM");
      closeSync(log);
      await proxy.close();
      await smtp.close();
      await direct.end();
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
