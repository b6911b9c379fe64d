import { rm } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";

/** A simple Query message (protocol 3.0) for ROLLBACK, to end a transaction a client left open. */
const rollback = (() => {
  const text = Buffer.from("ROLLBACK\0", "utf8");
  const message = Buffer.alloc(5 + text.length);
  message.write("Q", 0, "ascii");
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
})();

/** A client that says nothing for this long is cut off, so it cannot hold the database forever. */
const idleTimeoutMs = 30_000;

/**
 * Serves an in-process PGlite on a Unix socket to other local processes (the CLI), one session at a time, each with
 * the database to itself. PGlite is one PostgreSQL session: a client's queries must never run inside the owner's open
 * transaction, nor the owner's inside a client's, and two clients' extended-protocol messages must never interleave.
 * So a session first waits for PGlite's transaction lock (which the owner's own queries and transactions take), holds
 * it until the client goes, and any transaction it leaves open is rolled back. The owner's queries wait meanwhile;
 * CLI commands are short.
 */
export async function servePglite(pglite: PGlite, socketPath: string): Promise<{ stop(): Promise<void> }> {
  let sessions: Promise<void> = Promise.resolve();
  const open = new Set<Socket>();
  const server = createServer((socket) => {
    open.add(socket);
    socket.pause();
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    // Sessions queue one behind the other; each holds PGlite's transaction lock for its whole life. A session that
    // fails (its client vanished mid-handshake) ends with its socket and does not stop the next.
    sessions = sessions
      .then(() => (socket.destroyed ? undefined : session(pglite, socket, closed)))
      .catch(() => {
        socket.destroy();
      });
    closed.then(() => open.delete(socket));
  });
  await rm(socketPath, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  return {
    async stop() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sessions;
    },
  };
}

function session(pglite: PGlite, socket: Socket, closed: Promise<void>): Promise<void> {
  return pglite._runExclusiveTransaction(async () => {
    const handler = new PGLiteSocketHandler({
      // The handler's queue interface: with one session at a time, each message simply runs in turn.
      queryQueue: {
        enqueue: async (_handler: number, message: Uint8Array, onData: (data: Uint8Array) => void) => {
          await pglite.runExclusive(() => pglite.execProtocolRawStream(message, { onRawData: onData }));
          return 0;
        },
        clearQueueForHandler: () => {},
        clearTransactionIfNeeded: async () => {
          if (pglite.isInTransaction()) await pglite.runExclusive(() => pglite.execProtocolRaw(rollback));
        },
        getQueueLength: () => 0,
      } as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]["queryQueue"],
      closeOnDetach: true,
      idleTimeout: idleTimeoutMs,
    });
    await handler.attach(socket);
    socket.resume();
    await closed;
    await handler.detach(false);
    if (pglite.isInTransaction()) await pglite.runExclusive(() => pglite.execProtocolRaw(rollback));
  });
}
