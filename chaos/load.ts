import { intakeBody } from "../test/support/factories.js";
import type { Stage } from "./stage.js";

/** One answer as a client saw it; status 0 when no answer came (connection refused or reset). */
export interface Answer {
  startedAt: number;
  ms: number;
  status: number;
  retryAfter: string | null;
}

export async function answerOf(base: string, path: string, init: RequestInit = {}): Promise<Answer & { body: string }> {
  const startedAt = performance.now();
  try {
    const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(60_000) });
    const body = await res.text();
    return {
      startedAt,
      ms: performance.now() - startedAt,
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      body,
    };
  } catch {
    return { startedAt, ms: performance.now() - startedAt, status: 0, retryAfter: null, body: "" };
  }
}

export interface Load {
  answers: Answer[];
  stop(): Promise<void>;
}

/**
 * Requesters filing without pause from `workers` clients; every acknowledged request is remembered on the stage. A
 * refused client waits a little before trying again, as a browser's user would.
 */
export function intakeLoad(stage: Stage, workers: number): Load {
  const answers: Answer[] = [];
  let running = true;
  const worker = async () => {
    while (running) {
      const { body, ...answer } = await answerOf(stage.base, "/v1/requests", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(intakeBody()),
      });
      answers.push(answer);
      if (answer.status === 202) stage.acknowledged.add(JSON.parse(body).id);
      else await pause(50);
    }
  };
  const all = Array.from({ length: workers }, worker);
  return {
    answers,
    async stop() {
      running = false;
      await Promise.all(all);
    },
  };
}

/** Calls a path every `everyMs` until stopped: how fast a prober (a load balancer's health check) is answered. */
export function probe(stage: Stage, path: string, everyMs: number): Load {
  const answers: Answer[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const { body: _, ...answer } = await answerOf(stage.base, path);
      answers.push(answer);
      await pause(everyMs);
    }
  })();
  return {
    answers,
    async stop() {
      running = false;
      await loop;
    },
  };
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `tasks` with at most `width` at once. */
export async function inParallel<T>(items: T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: width }, lane));
}
