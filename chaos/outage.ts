import { type Answer, intakeLoad, pause, probe } from "./load.js";
import type { Stage } from "./stage.js";
import { count, type Finding, secondsOf } from "./table.js";

/**
 * The database goes away under load for `seconds`, as a stopped server (connections refused) or a hung one (nothing
 * comes back), then returns. Every intake meanwhile is answered 503 with Retry-After within 2 s, /readyz within 1 s,
 * nothing is answered 500, and the service takes requests again by itself once the database is back.
 */
export async function databaseOutage(stage: Stage, kind: "refused" | "hung", seconds: number): Promise<Finding[]> {
  const load = intakeLoad(stage, 8);
  const readiness = probe(stage, "/readyz", 100);
  await pause(2000);
  if (kind === "refused") await stage.proxy.refuse();
  else stage.proxy.hang();
  const wentAt = performance.now();
  await pause(seconds * 1000);
  const cameBackAt = performance.now();
  await stage.proxy.restore();
  let recoveredAt: number | undefined;
  for (let waited = 0; waited < 30_000 && recoveredAt === undefined; waited += 100) {
    await pause(100);
    recoveredAt = load.answers.find((answer) => answer.status === 202 && answer.startedAt > cameBackAt)?.startedAt;
  }
  await pause(1000);
  await Promise.all([load.stop(), readiness.stop()]);

  // Asked and answered while the database was away: a call still waiting when it returned may rightly succeed.
  const during = (answers: Answer[]) =>
    answers.filter((answer) => answer.startedAt >= wentAt && answer.startedAt + answer.ms <= cameBackAt);
  const intakes = during(load.answers);
  const refusedWell = intakes.filter((answer) => answer.status === 503 && answer.retryAfter);
  const otherwise = intakes.filter((answer) => answer.status !== 503 && answer.status !== 202);
  const slowest = Math.max(0, ...intakes.map((answer) => answer.ms));
  const firstRefusal = refusedWell[0]
    ? refusedWell[0].startedAt + refusedWell[0].ms - wentAt
    : Number.POSITIVE_INFINITY;
  const probes = during(readiness.answers);
  const slowestProbe = Math.max(0, ...probes.map((answer) => answer.ms));
  const recovery = recoveredAt === undefined ? Number.POSITIVE_INFINITY : recoveredAt - cameBackAt;
  const title = `database ${kind} for ${seconds} s under load`;
  return [
    {
      check: `${title}: intakes answered`,
      seen: `${count(intakes.length)}: ${count(refusedWell.length)} 503+Retry-After, ${count(otherwise.length)} other, slowest ${secondsOf(slowest)}`,
      goal: "only 503+Retry-After (or 202), each within 2 s",
      ok: refusedWell.length > 0 && otherwise.length === 0 && slowest <= 2000,
    },
    {
      check: `${title}: first 503+Retry-After`,
      seen: `after ${secondsOf(firstRefusal)}`,
      goal: "within 2 s",
      ok: firstRefusal <= 2000,
    },
    {
      check: `${title}: /readyz`,
      seen: `${count(probes.length)} probes, ${count(probes.filter((a) => a.status === 503).length)} 503, slowest ${secondsOf(slowestProbe)}`,
      goal: "503, each within 1 s",
      ok: probes.length > 0 && probes.every((answer) => answer.status === 503) && slowestProbe <= 1000,
    },
    {
      check: `${title}: recovery`,
      seen: `first 202 ${secondsOf(recovery)} after the database returned`,
      goal: "by itself, within 5 s",
      ok: recovery <= 5000,
    },
  ];
}
