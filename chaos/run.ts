import { execFileSync } from "node:child_process";
import { accountForEverything, killsUnderLoad } from "./crashes.js";
import { fuzzEveryRoute } from "./fuzz.js";
import { databaseOutage } from "./outage.js";
import { setStage } from "./stage.js";
import { type Finding, printTable, secondsOf } from "./table.js";

/**
 * `npm run chaos`: the built service on the local PostgreSQL, tried as an attacker and an operator would: hostile calls
 * on every route, the database refused and hung under load, kill -9 under load. Loopback only; it stops by itself
 * (within 15 minutes at most) and prints a table; it fails when a line does. `CHAOS_SMOKE=1` runs it small for CI.
 */
const smoke = process.env.CHAOS_SMOKE === "1";
const setting = (name: string, full: number, small: number) =>
  process.env[name] ? Number(process.env[name]) : smoke ? small : full;
const calls = setting("CHAOS_FUZZ_CALLS", 20_000, 2_000);
const outageSeconds = setting("CHAOS_OUTAGE_SECONDS", 30, 5);
const kills = 3;
const seed = setting("CHAOS_SEED", Date.now() % 1_000_000, 1);

const deadline = setTimeout(() => {
  console.error("The chaos suite ran past 15 minutes and was stopped.");
  process.exit(1);
}, 15 * 60_000);
deadline.unref();

execFileSync(process.execPath, ["scripts/ensure-build.mjs"], { stdio: "inherit" });
const started = performance.now();
const stage = await setStage();
const findings: Finding[] = [];
try {
  await stage.start();
  console.log(`chaos: ${calls.toLocaleString("en-US")} fuzzed calls, outages of ${outageSeconds} s, ${kills} kills`);
  findings.push(...(await fuzzEveryRoute(stage, calls, seed)));
  findings.push(...(await databaseOutage(stage, "refused", outageSeconds)));
  findings.push(...(await databaseOutage(stage, "hung", outageSeconds)));
  findings.push(...(await killsUnderLoad(stage, kills, smoke ? 1000 : 3000)));
  findings.push(...(await accountForEverything(stage, kills)));
} finally {
  await stage.close();
}
printTable(findings);
console.log(`chaos: ${secondsOf(performance.now() - started)}; the service's log is in ${stage.logFile}`);
process.exit(findings.every((finding) => finding.ok) ? 0 : 1);
