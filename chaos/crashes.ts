import { sendLeaseMs } from "../src/jobs/dispatch-outbox.js";
import { messageIdOf } from "../src/mail/transport.js";
import { intakeLoad, pause } from "./load.js";
import type { Stage } from "./stage.js";
import { count, type Finding, secondsOf } from "./table.js";

/**
 * The service is killed (-9) `rounds` times while requesters file and mail goes out, and started again each time.
 * A request it acknowledged must survive; answers cut off by a kill are the client's to retry.
 */
export async function killsUnderLoad(stage: Stage, rounds: number, runMs: number): Promise<Finding[]> {
  const load = intakeLoad(stage, 16);
  let restarts = 0;
  for (let round = 0; round < rounds; round++) {
    await pause(runMs * (0.5 + Math.random()));
    await stage.kill();
    const killedAt = performance.now();
    await stage.start();
    restarts += performance.now() - killedAt;
  }
  await pause(1000);
  await load.stop();
  const cut = load.answers.filter((answer) => answer.status === 0).length;
  const failed = load.answers.filter((answer) => answer.status >= 500 && answer.status !== 503).length;
  return [
    {
      check: `${rounds} kill -9 under load (16 clients filing)`,
      seen: `${count(load.answers.length)} intakes, ${count(cut)} cut off by a kill, ${count(failed)} 5xx but 503; back in ${secondsOf(restarts / rounds)} on average`,
      goal: "no 5xx but 503",
      ok: failed === 0,
    },
  ];
}

/**
 * After everything: every request the service acknowledged is stored and owes its mail; once the outbox is drained,
 * every message recorded as sent arrived, and repeats number at most the messages in flight at each kill.
 */
export async function accountForEverything(stage: Stage, kills: number): Promise<Finding[]> {
  const acknowledged = [...stage.acknowledged];
  const [stored] = await stage.direct<{ stored: number; mailless: number }[]>`
    select (select count(*)::int from requests where id = any(${acknowledged}::uuid[])) as stored,
           (select count(*)::int from unnest(${acknowledged}::uuid[]) as a(id)
              where not exists (select 1 from outbox o where o.request_id = a.id)) as mailless`;
  const drainStarted = performance.now();
  let pending = Number.POSITIVE_INFINITY;
  while (pending > 0 && performance.now() - drainStarted < sendLeaseMs + 30_000) {
    await pause(500);
    const [row] = await stage.direct<{ pending: number }[]>`
      select count(*)::int as pending from outbox where state = 'pending'`;
    pending = row?.pending ?? 0;
  }
  const drainMs = performance.now() - drainStarted;
  const rows = await stage.direct<{ key: string; state: string }[]>`
    select idempotency_key as key, state::text as state from outbox`;
  const sent = rows.filter((row) => row.state === "sent");
  const dead = rows.filter((row) => row.state === "dead").length;
  const missing = sent.filter((row) => !stage.smtp.received.has(messageIdOf(row.key, stage.mailFrom))).length;
  const repeats = [...stage.smtp.received.values()].reduce((sum, n) => sum + n - 1, 0);
  const inFlight = kills * stage.mailConcurrency;
  return [
    {
      check: "acknowledged requests stored, each owing its mail",
      seen: `${count(stored?.stored ?? 0)} of ${count(acknowledged.length)} stored, ${count(stored?.mailless ?? 0)} owing no mail`,
      goal: "all, none",
      ok: stored?.stored === acknowledged.length && stored?.mailless === 0,
    },
    {
      check: "outbox drained after the last kill",
      seen: `${count(pending)} pending, ${count(dead)} dead after ${secondsOf(drainMs)}`,
      goal: `0 pending, 0 dead (a killed sender holds what it was sending ${sendLeaseMs / 60_000} min)`,
      ok: pending === 0 && dead === 0,
    },
    {
      check: "mail recorded as sent arrived (Message-IDs)",
      seen: `${count(sent.length - missing)} of ${count(sent.length)}, ${count(repeats)} repeats`,
      goal: `all; repeats <= ${inFlight} (${stage.mailConcurrency} in flight x ${kills} kills)`,
      ok: missing === 0 && repeats <= inFlight,
    },
  ];
}
