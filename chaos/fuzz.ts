import fc from "fast-check";
import { callsOf, type FuzzedCall, formPosts, operationsOf, pageForms, targetRequests } from "../test/support/fuzz.js";
import { answerOf, inParallel, pause } from "./load.js";
import type { Stage } from "./stage.js";
import { count, type Finding } from "./table.js";

/**
 * Hostile calls, over HTTP to the running service, spread evenly over every operation of its OpenAPI document (staff
 * ones with an admin's token, a data system's with its own) and every page's form: the generators of the test suite's fuzz test, many times over.
 * No call may be answered with a 5xx.
 */
export async function fuzzEveryRoute(stage: Stage, calls: number, seed: number): Promise<Finding[]> {
  const { ids, trackingNumber, verifyToken } = await requestsToAimAt(stage);
  const doc = JSON.parse((await answerOf(stage.base, "/openapi.json")).body);
  const schemas = doc.components.schemas;
  const operations = operationsOf(doc);
  const forms = pageForms({ trackingNumber, verifyToken, staffEmail: "chaos-admin@example.com" });
  const each = Math.ceil(calls / (operations.length + forms.length));

  const tokens = {
    staff: stage.adminToken,
    "data system": await ownedToken(stage, "/v1/admin/data-systems", {
      name: "Chaos system",
      reach: "manual",
      owner: { name: "Owner", email: "owner@example.com" },
      requestKinds: ["deletion"],
      categories: [{ category: "identifiers", purposes: ["Accounts"] }],
    }),
    controller: await ownedToken(stage, "/v1/admin/controllers", {
      legalName: "Chaos controller",
      contacts: [{ name: "Contact", email: "privacy@chaos.example" }],
      mayBeNamed: true,
    }),
  };
  const planned: { route: string; call: FuzzedCall; token?: string }[] = [];
  for (const operation of operations) {
    const route = `${operation.method} ${operation.path}`;
    const token = tokens[operation.bearer];
    for (const call of fc.sample(callsOf(operation, schemas, ids), { numRuns: each, seed })) {
      planned.push({ route, call, ...(operation.secured ? { token } : {}) });
    }
  }
  for (const { route, path, fields } of forms) {
    for (const call of fc.sample(formPosts(path, fields), { numRuns: each, seed })) {
      planned.push({ route, call });
    }
  }

  const classes = { "2xx": 0, "3xx/4xx": 0, "5xx": 0, "no answer": 0 };
  const failures: string[] = [];
  const origin = new URL(stage.base).origin;
  await inParallel(planned, 16, async ({ route, call, token }) => {
    const headers = { ...call.init.headers, origin, ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const answer = await answerOf(stage.base, call.path, { ...call.init, headers });
    const kind =
      answer.status === 0 ? "no answer" : answer.status >= 500 ? "5xx" : answer.status >= 300 ? "3xx/4xx" : "2xx";
    classes[kind] += 1;
    if (kind === "5xx" || kind === "no answer") {
      failures.push(
        `${answer.status} ${route}: ${call.init.method} ${call.path} ${String(call.init.body ?? "").slice(0, 120)}`,
      );
    }
  });
  for (const failure of failures.slice(0, 10)) console.error(`  ${failure}`);

  return [
    {
      check: `fuzzed calls: ${operations.length} API operations, ${forms.length} page forms (seed ${seed})`,
      seen: `${count(planned.length)}: ${Object.entries(classes)
        .map(([kind, n]) => `${count(n)} ${kind}`)
        .join(", ")}`,
      goal: `>= ${count(calls)}, 0 5xx, all answered`,
      ok: planned.length >= calls && classes["5xx"] === 0 && classes["no answer"] === 0,
    },
  ];
}

/** A data system of its own with a token, for the calls a system makes. */
/** A token of a data system or controller registered for the run, for the routes only its kind may call. */
async function ownedToken(stage: Stage, collection: string, registration: unknown): Promise<string> {
  const asAdmin = (path: string, body: unknown) =>
    answerOf(stage.base, path, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${stage.adminToken}` },
      body: JSON.stringify(body),
    });
  const registered = await asAdmin(collection, registration);
  if (registered.status !== 201) throw new Error(`Could not register at ${collection}: ${registered.status}`);
  const answer = JSON.parse(registered.body) as { system?: { id: string }; controller?: { id: string } };
  const id = answer.system?.id ?? answer.controller?.id;
  const issued = await asAdmin(`${collection}/${id}/tokens`, { label: "chaos" });
  if (issued.status !== 201) throw new Error(`Could not issue a token at ${collection}: ${issued.status}`);
  return (JSON.parse(issued.body) as { token: string }).token;
}

/** Requests for the calls to reach into: open ones, a refused one (for appeals), and a live verification link. */
async function requestsToAimAt(stage: Stage) {
  const opened = [];
  for (const body of targetRequests()) {
    const answer = await answerOf(stage.base, "/v1/requests", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (answer.status !== 202) throw new Error(`Could not open a request to aim at: ${answer.status}`);
    const { id, trackingNumber } = JSON.parse(answer.body) as { id: string; trackingNumber: string };
    stage.acknowledged.add(id);
    opened.push({ id, trackingNumber });
  }
  const [refused, toVerify] = opened as [(typeof opened)[0], (typeof opened)[0]];
  const denial = await answerOf(stage.base, `/v1/review/requests/${refused.id}/deny`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${stage.adminToken}` },
    body: JSON.stringify({ version: 1, ground: "legal_matters", explanation: "Under a litigation hold." }),
  });
  if (denial.status !== 200) throw new Error(`Could not refuse a request to aim at: ${denial.status}`);
  return {
    ids: opened.map((request) => request.id),
    trackingNumber: refused.trackingNumber,
    verifyToken: await verificationLinkFor(stage, toVerify.trackingNumber),
  };
}

/** The token in the verification e-mail of a request, once the service has sent it. */
async function verificationLinkFor(stage: Stage, trackingNumber: string): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 200) {
    for (const raw of stage.smtp.recent) {
      const text = raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
      const token = text.includes(trackingNumber) ? /\/verify\/([A-Za-z0-9_-]{40,})/.exec(text)?.[1] : undefined;
      if (token) return token;
    }
    await pause(200);
  }
  throw new Error("No verification e-mail arrived within 30 s.");
}
