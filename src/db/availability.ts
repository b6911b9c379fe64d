import postgres from "postgres";
import { connectionBasics } from "./postgres.js";

/** Whether the database answers, as a heartbeat sees it, and a signal for the moment it stops. */
export interface Availability {
  readonly up: boolean;
  /** Settles when the database is next found down (at once if it is down now). */
  whenDown(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Watches a PostgreSQL server with a heartbeat on a connection of its own (so a busy pool cannot starve it): a
 * `select 1` every `everyMs` that must answer within `timeoutMs`, or the database is down until one does. A stopped
 * server refuses at once; a hung one (a frozen host, a cut network) is caught by the timeout.
 */
export function watchDatabase(url: string, everyMs = 500, timeoutMs = 1000): Availability {
  const sql = postgres(url, { ...connectionBasics, max: 1, connect_timeout: Math.ceil(timeoutMs / 1000) });
  let up = true;
  let down = signal();
  let stopped = false;
  const beat = async () => {
    while (!stopped) {
      const answered = await Promise.race([
        sql`select 1`.then(
          () => true,
          () => false,
        ),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
      ]);
      if (answered !== up) {
        up = answered;
        if (!up) down.resolve();
        else down = signal();
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  };
  const running = beat();
  return {
    get up() {
      return up;
    },
    whenDown: () => down.promise,
    async stop() {
      stopped = true;
      await running;
      await sql.end({ timeout: 1 });
    },
  };
}

/** A promise and the function that settles it (Promise.withResolvers, which Node 20 lacks). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
