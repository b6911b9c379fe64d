import type { AddressInfo } from "node:net";
import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP proxy in front of a server that a test can take down: refuse connections, or hang them, then restore. */
export interface FaultyProxy {
  port: number;
  /** Like a stopped server: existing connections are reset, new ones refused. */
  refuse(): Promise<void>;
  /** Like a frozen host or a cut network: connections stay open, and nothing comes back. */
  hang(): void;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultyProxy(target: { host: string; port: number }): Promise<FaultyProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let hanging = false;
  let server: Server;
  const listen = async (port: number) => {
    server = createServer((client) => {
      if (hanging) {
        client.on("error", () => {});
        pairs.add([client, client]);
        return;
      }
      const upstream = connect(target.port, target.host);
      const pair: [Socket, Socket] = [client, upstream];
      pairs.add(pair);
      for (const socket of pair) {
        socket.on("error", () => {});
        socket.on("close", () => {
          pairs.delete(pair);
          client.destroy();
          upstream.destroy();
        });
      }
      client.on("data", (chunk) => hanging || upstream.write(chunk));
      upstream.on("data", (chunk) => hanging || client.write(chunk));
    });
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  };
  const resetAll = () => {
    for (const [client, upstream] of pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  const port = await listen(0);
  const stopListening = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    port,
    async refuse() {
      const closed = stopListening();
      resetAll();
      await closed;
    },
    hang() {
      hanging = true;
    },
    async restore() {
      if (hanging) {
        hanging = false;
        resetAll();
      } else {
        await listen(port);
      }
    },
    async close() {
      resetAll();
      if (server.listening) await stopListening();
    },
  };
}
