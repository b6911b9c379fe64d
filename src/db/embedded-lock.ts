import { readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Who holds the embedded database: a process that serves it to others (the server, the job runner), or a CLI. */
export interface LockHolder {
  pid: number;
  role: "owner" | "cli";
  /** What the holder runs, for the message another process shows: "npm start", "npm run cli -- staff:create". */
  command: string;
  /** Where an owner serves the database to other processes (a folder holding the Unix socket). */
  socketDir?: string;
}

export class EmbeddedDatabaseBusy extends Error {
  override name = "EmbeddedDatabaseBusy";
}

const lockFile = (dataDir: string) => join(dataDir, "rightsdesk.lock");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live holder of the data folder's lock; a lock left by a process that died is cleared. */
export async function currentHolder(dataDir: string): Promise<LockHolder | undefined> {
  let holder: LockHolder;
  try {
    holder = JSON.parse(await readFile(lockFile(dataDir), "utf8")) as LockHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    // Half-written by a process that died while writing it: as stale as a dead pid.
    await unlink(lockFile(dataDir)).catch(() => {});
    return undefined;
  }
  if (holder.pid !== process.pid && alive(holder.pid)) return holder;
  await unlink(lockFile(dataDir)).catch(() => {});
  return undefined;
}

/**
 * Takes the data folder's lock for this process, or says who holds it. Creating the file is exclusive, so of two
 * processes starting at once exactly one gets it.
 */
export async function takeLock(dataDir: string, holder: Omit<LockHolder, "pid">): Promise<LockHolder | undefined> {
  for (;;) {
    try {
      await writeFile(lockFile(dataDir), JSON.stringify({ pid: process.pid, ...holder }), { flag: "wx", mode: 0o600 });
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const current = await currentHolder(dataDir);
    if (current) return current;
  }
}

/** Records where the owner now serves the database, once it does. */
export async function updateLock(dataDir: string, holder: Omit<LockHolder, "pid">): Promise<void> {
  await writeFile(lockFile(dataDir), JSON.stringify({ pid: process.pid, ...holder }), { mode: 0o600 });
}

export async function releaseLock(dataDir: string): Promise<void> {
  const holder = await readFile(lockFile(dataDir), "utf8").then(
    (text) => JSON.parse(text) as LockHolder,
    () => undefined,
  );
  if (holder?.pid === process.pid) await unlink(lockFile(dataDir)).catch(() => {});
}

export function describeHolder(holder: LockHolder, dataDir: string): string {
  return `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}).`;
}
