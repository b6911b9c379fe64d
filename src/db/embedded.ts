import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DatabaseHandle } from "./database.js";
import {
  currentHolder,
  describeHolder,
  EmbeddedDatabaseBusy,
  type LockHolder,
  releaseLock,
  takeLock,
  updateLock,
} from "./embedded-lock.js";
import { openPglite } from "./pglite.js";
import { servePglite } from "./pglite-socket.js";
import { connectPostgres } from "./postgres.js";

export interface EmbeddedUse {
  /** An owner (the server, the job runner) serves the database to other processes; a CLI command uses it briefly. */
  role: "owner" | "cli";
  /** What this process runs, named to any other process it keeps out. */
  command: string;
}

/**
 * The embedded database in a data folder, which only one process may open: PGlite is a single-connection engine, and
 * two processes writing one folder lose data. An owner (the server, the job runner) takes the folder's lock, opens
 * PGlite in-process and serves it to other processes on a Unix socket, a session at a time (see `servePglite`). A CLI
 * command connects through the owner's socket when one runs, otherwise takes the lock and opens the folder itself,
 * and is refused, naming the process, when another CLI holds it.
 */
export async function openEmbedded(
  dataDir: string,
  migrationsFolder: string,
  use: EmbeddedUse,
): Promise<DatabaseHandle> {
  const folder = resolve(dataDir);
  await mkdir(join(folder, "pglite"), { recursive: true });
  if (use.role === "cli") {
    const owner = await waitForOwnerOrLock(folder, use.command);
    // One connection: the owner serves one session at a time.
    if (owner?.socketDir) return connectPostgres({ url: { socketDir: owner.socketDir }, max: 1, engine: "pglite" });
    const handle = await openPglite(join(folder, "pglite"), migrationsFolder).catch(async (error: unknown) => {
      await releaseLock(folder);
      throw error;
    });
    return { ...handle, close: () => handle.close().finally(() => releaseLock(folder)) };
  }

  const holder = await takeLock(folder, { role: "owner", command: use.command });
  if (holder)
    throw new EmbeddedDatabaseBusy(
      `${describeHolder(holder, folder)} Stop it first, or give this one its own DATA_DIR.`,
    );
  try {
    return await serve(folder, migrationsFolder, use.command);
  } catch (error) {
    await releaseLock(folder);
    throw error;
  }
}

async function serve(folder: string, migrationsFolder: string, command: string): Promise<DatabaseHandle> {
  const pglite = await openPglite(join(folder, "pglite"), migrationsFolder);
  const socketDir = await socketFolder(folder);
  const socket = await servePglite(pglite.client, join(socketDir, ".s.PGSQL.5432"));
  await updateLock(folder, { role: "owner", command, socketDir });
  return {
    db: pglite.db,
    engine: "pglite",
    close: async () => {
      await socket.stop();
      await pglite.close();
      await rm(socketDir, { recursive: true, force: true });
      await releaseLock(folder);
    },
  };
}

/**
 * A folder only this user can reach, for the socket: inside the data folder, unless its path is too long for a Unix
 * socket (about 100 bytes), then a fresh one in the system's temporary folder.
 */
async function socketFolder(folder: string): Promise<string> {
  const inside = join(folder, "socket");
  if (join(inside, ".s.PGSQL.5432").length <= 100) {
    await rm(inside, { recursive: true, force: true });
    await mkdir(inside, { mode: 0o700 });
    return inside;
  }
  return mkdtemp(join(tmpdir(), "rightsdesk-"));
}

/**
 * The owner to connect through, or none once this CLI command holds the lock itself. Another CLI command is waited
 * for a few seconds (they are short); an owner still starting is waited for until it serves.
 */
async function waitForOwnerOrLock(folder: string, command: string): Promise<LockHolder | undefined> {
  let holder: LockHolder | undefined;
  for (let waited = 0; waited < 10_000; waited += 200) {
    holder = await takeLock(folder, { role: "cli", command });
    if (!holder || holder.socketDir) return holder;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new EmbeddedDatabaseBusy(`${describeHolder(holder as LockHolder, folder)} Try again when it has finished.`);
}

export { currentHolder, EmbeddedDatabaseBusy };
