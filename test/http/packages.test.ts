import { and, desc, eq } from "drizzle-orm";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox, requestEvents, requests, taskRecords, tasks } from "../../src/db/schema/index.js";
import { runRetentionSweep } from "../../src/jobs/retention-sweep.js";
import { unseal } from "../../src/security/secrets.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";
import { reviewableRequest } from "../support/verification.js";
import { signCallback } from "../support/webhook-receiver.js";

/**
 * The access package: assembled from every system's records into one ZIP (data.json, a CSV per category, a readable
 * summary), withholding identifiers that must never be disclosed, behind an expiring link that a fresh code sent to
 * the requester's address unlocks, for a limited number of downloads, and reissued by staff.
 */
let h: Harness;
let admin: StaffMember;
let reviewer: StaffMember;
const systems: Record<string, { id: string; secret: string }> = {};

const secrets = {
  ssn: "123-45-6789",
  password: "hunter2-correct-horse",
  card: "4242424242424242",
  spacedCard: "4000 0566 5566 5556",
  answer: "Fluffy the hamster",
  passport: "X12345678",
};

beforeAll(async () => {
  h = await createHarness({ PACKAGE_DOWNLOAD_LIMIT: 2 });
  h.setNow("2026-11-20T15:00:00Z");
  admin = await staffMember(h, "admin");
  reviewer = await staffMember(h, "reviewer");
  for (const [name, categories] of [
    [
      "CRM",
      [
        {
          category: "identifiers",
          sources: ["You, when you signed up"],
          purposes: ["Account management"],
          recipients: ["Cloud hosting provider"],
        },
        { category: "sensitive", purposes: ["Identity checks"] },
      ],
    ],
    ["Billing", [{ category: "commercial", sources: ["Payment processors"], purposes: ["Invoices"] }]],
  ] as const) {
    const res = await admin.post("/v1/admin/data-systems", {
      name,
      reach: "webhook",
      webhookUrl: "https://example.com/jobs",
      owner: { name: "Owner", email: "owner@example.com" },
      requestKinds: ["access"],
      categories,
    });
    const { system, webhookSecret } = await json(res);
    systems[name] = { id: system.id, secret: webhookSecret };
  }
});
afterAll(() => h.close());

async function report(system: string, body: Record<string, unknown>) {
  const target = systems[system] as { id: string; secret: string };
  const text = JSON.stringify(body);
  const res = await h.app.request(`/v1/data-systems/${target.id}/callbacks`, {
    method: "POST",
    headers: signCallback(target.secret, text, h.ctx.now()),
    body: text,
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** An access request fulfilled by both systems, with records full of what must never be disclosed. */
async function completedAccess(accessScope: "specific_pieces" | "categories" = "specific_pieces") {
  const request = await reviewableRequest(h, intakeBody({ kind: "access", accessScope }));
  expect((await reviewer.act(request.id, "fulfil", { version: request.version, scope: "full" })).status).toBe(200);
  const { tasks } = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
  const taskOf = (name: string) =>
    tasks.find((task: { dataSystem: { name: string } }) => task.dataSystem.name === name).id;
  await report("CRM", {
    taskId: taskOf("CRM"),
    outcome: "done",
    records: [
      { category: "identifiers", record: { email: "jane@example.com", name: "Jane Doe", ssn: secrets.ssn } },
      { category: "identifiers", record: { email: "jane@example.com", password_hash: secrets.password } },
      { category: "sensitive", record: { passportNumber: secrets.passport, security_answer: secrets.answer } },
      { category: "identifiers", record: { note: `Called about SSN ${secrets.ssn}`, formula: '=HYPERLINK("x")' } },
    ],
  });
  await report("Billing", {
    taskId: taskOf("Billing"),
    outcome: "done",
    records: [
      { category: "commercial", record: { invoice: "INV-1", total: 12.5, card_number: secrets.card } },
      { category: "commercial", record: { invoice: "INV-2", total: 99, remarks: `paid with ${secrets.spacedCard}` } },
    ],
  });
  const detail = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
  expect(detail.request.status).toBe("completed");
  return { id: request.id, link: await latestLink(request.id) };
}

async function latestSealed(
  requestId: string,
  template: string,
): Promise<{ sealed: Record<string, string>; payload: Record<string, unknown> }> {
  const [mail] = await h.ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.requestId, requestId), eq(outbox.template, template)))
    .orderBy(desc(outbox.id))
    .limit(1);
  if (!mail) throw new Error(`no ${template} e-mail was owed`);
  return { sealed: unseal(h.ctx.config.TOKEN_SECRET, String(mail.payload.sealed)), payload: mail.payload };
}
const latestLink = async (requestId: string) =>
  new URL((await latestSealed(requestId, "access_package_ready")).sealed.downloadUrl as string).pathname;

const form = (path: string, fields: Record<string, string> = {}) =>
  h.app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

async function download(requestId: string, link: string) {
  expect((await form(`${link}/code`)).status).toBe(200);
  const { code } = (await latestSealed(requestId, "package_code")).sealed;
  return form(`${link}/download`, { code: code as string });
}

const entriesOf = async (res: Response) => {
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]));
};

describe("the access package", () => {
  it("is announced with a sealed link and unlocked by a fresh code sent to the requester", async () => {
    const { id, link } = await completedAccess();
    const announced = await latestSealed(id, "access_package_ready");
    expect(announced.payload).toMatchObject({
      maxDownloads: 2,
      contents: "copy",
      expiresAt: "2026-11-27T15:00:00.000Z",
    });
    expect(JSON.stringify(announced.payload)).not.toContain("/packages/");

    const shown = await h.app.request(link);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain("E-mail me a code");
    const noCode = await form(`${link}/download`, { code: "123456" });
    expect(noCode.status).toBe(422);
    expect(await noCode.text()).toContain("Ask for a code first");

    expect((await form(`${link}/code`)).status).toBe(200);
    expect((await form(`${link}/code`)).status).toBe(429);
    const { code } = (await latestSealed(id, "package_code")).sealed;
    const wrong = await form(`${link}/download`, { code: code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(422);
    const res = await form(`${link}/download`, { code: code as string });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="personal-data-RD-/);
    const files = await entriesOf(res);
    expect(Object.keys(files).sort()).toEqual([
      "commercial.csv",
      "data.json",
      "identifiers.csv",
      "sensitive.csv",
      "summary.html",
    ]);

    const data = JSON.parse(files["data.json"] as string);
    expect(data.period).toMatchObject({ from: "2022-01-01", to: "2026-11-20" });
    expect(data.records).toHaveLength(6);
    expect(data.records[0]).toEqual({
      source: "Billing",
      category: "commercial",
      record: { invoice: "INV-1", total: 12.5, card_number: "[withheld]" },
    });
    expect(files["identifiers.csv"]?.split("\n")[0]).toBe("Source system,email,formula,name,note,password_hash,ssn");
    expect(files["identifiers.csv"]).toContain(`CRM,,"'=HYPERLINK(""x"")",,Called about SSN [withheld],,`);
    const summary = files["summary.html"] as string;
    for (const words of [
      "Identifiers, such as a name",
      "You, when you signed up",
      "Account management",
      "Cloud hosting provider",
      "Payment processors",
      "from Saturday, January 1, 2022",
      "Collected, but not disclosed",
      "a government identification number",
      "a security question or its answer",
      "3 records in this package",
    ]) {
      expect(summary).toContain(words);
    }

    // The code was spent on that download.
    expect((await form(`${link}/download`, { code: code as string })).status).toBe(422);
    const trail = await h.ctx.db
      .select({ action: requestEvents.action, data: requestEvents.data, actorId: requestEvents.actorId })
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, id), eq(requestEvents.action, "package_downloaded")));
    expect(trail).toEqual([{ action: "package_downloaded", data: { download: 1, of: 2 }, actorId: "package_link" }]);
  });

  it("never holds an identifier that must be withheld, in any file", async () => {
    const { id, link } = await completedAccess();
    const files = await entriesOf(await download(id, link));
    for (const [name, text] of Object.entries(files)) {
      for (const secret of [...Object.values(secrets), "4000056655665556", "4000 0566"]) {
        expect(text, `${name} holds ${secret}`).not.toContain(secret);
      }
    }
  });

  it("is refused after its download limit and once expired, and staff can reissue it with a new link", async () => {
    const { id, link } = await completedAccess();
    expect((await download(id, link)).status).toBe(200);
    h.setNow(new Date(h.ctx.now().getTime() + 61_000));
    expect((await download(id, link)).status).toBe(200);
    const usedUp = await h.app.request(link);
    expect(usedUp.status).toBe(410);
    expect(await usedUp.text()).toContain("downloaded as many times as the link allows");

    const version = (await json(await reviewer.get(`/v1/review/requests/${id}`))).request.version;
    const reissued = await reviewer.act(id, "reissue-package", { version });
    expect(reissued.status).toBe(200);
    const fresh = await latestLink(id);
    expect(fresh).not.toBe(link);
    expect((await h.app.request(link)).status).toBe(404);
    expect((await h.app.request(fresh)).status).toBe(200);

    h.setNow(new Date(h.ctx.now().getTime() + 8 * 24 * 3_600_000));
    const expired = await h.app.request(fresh);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("This link has expired");
    expect((await form(`${fresh}/code`)).status).toBe(410);
    h.setNow("2026-11-20T15:00:00Z");
  });

  it("keeps its records until PACKAGE_RECORDS_KEEP_DAYS after the link expired, and no longer", async () => {
    const { id } = await completedAccess();
    const recordsOf = () =>
      h.ctx.db
        .select({ id: taskRecords.id })
        .from(taskRecords)
        .innerJoin(tasks, eq(tasks.id, taskRecords.taskId))
        .where(eq(tasks.requestId, id));
    expect(await recordsOf()).toHaveLength(6);
    const sweep = (days: number) =>
      runRetentionSweep(h.ctx, new Date(new Date("2026-11-27T15:00:00Z").getTime() + days * 24 * 3_600_000));
    await sweep(29);
    expect(await recordsOf()).toHaveLength(6);
    expect((await sweep(31)).packagesPurged).toBeGreaterThanOrEqual(1);
    expect(await recordsOf()).toHaveLength(0);
    const [purged] = await h.ctx.db
      .select({ data: requestEvents.data, actorId: requestEvents.actorId })
      .from(requestEvents)
      .where(and(eq(requestEvents.requestId, id), eq(requestEvents.action, "personal_data_purged")));
    expect(purged).toEqual({ data: { what: "access_package_records", records: 6 }, actorId: "retention" });
    const version = (await json(await reviewer.get(`/v1/review/requests/${id}`))).request.version;
    const reissue = await reviewer.act(id, "reissue-package", { version });
    expect(reissue.status).toBe(409);
    expect(reissue.body.detail).toContain("were deleted after its link expired");
  });

  it("for the categories only is the summary alone", async () => {
    const { id, link } = await completedAccess("categories");
    expect((await latestSealed(id, "access_package_ready")).payload).toMatchObject({ contents: "summary" });
    const files = await entriesOf(await download(id, link));
    expect(Object.keys(files)).toEqual(["summary.html"]);
    expect(files["summary.html"]).toContain("this summary is our answer");
    expect(files["summary.html"]).not.toContain("records in this package");
  });

  it("answers a list of third parties from the systems that disclose data, and says that is what it holds", async () => {
    const res = await admin.post("/v1/admin/data-systems", {
      name: "Ad platform",
      reach: "webhook",
      webhookUrl: "https://example.com/jobs",
      owner: { name: "Owner", email: "owner@example.com" },
      requestKinds: ["third_party_list"],
      categories: [{ category: "network_activity", purposes: ["Advertising"], recipients: ["Advertising partners"] }],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const { system, webhookSecret } = await json(res);
    systems["Ad platform"] = { id: system.id, secret: webhookSecret };
    const body = intakeBody({ kind: "third_party_list", jurisdiction: "US-OR" });
    const request = await reviewableRequest(h, { ...body, subject: { ...body.subject, email: "ore@example.com" } });
    expect((await reviewer.act(request.id, "fulfil", { version: request.version, scope: "full" })).status).toBe(200);
    const { tasks: opened } = await json(await reviewer.get(`/v1/review/requests/${request.id}`));
    // Only the system that handles the kind is asked: the access systems hold no list of recipients.
    expect(opened.map((task: { dataSystem: { name: string } }) => task.dataSystem.name)).toEqual(["Ad platform"]);
    await report("Ad platform", {
      taskId: opened[0].id,
      outcome: "done",
      records: [{ category: "network_activity", record: { recipient: "Acme Ads Inc.", disclosedOn: "2026-09-01" } }],
    });
    const { payload } = await latestSealed(request.id, "access_package_ready");
    expect(payload).toMatchObject({ contents: "third_parties" });
    const files = await entriesOf(await download(request.id, await latestLink(request.id)));
    expect(files["data.json"]).toContain("Acme Ads Inc.");
  });

  it("downloads from the status page too, behind a code sent to the requester", async () => {
    const { id } = await completedAccess();
    const [request] = await h.ctx.db.select().from(requests).where(eq(requests.id, id));
    const keys = { trackingNumber: request?.trackingNumber as string, email: request?.subjectEmail as string };
    const shown = await (await form("/status", keys)).text();
    expect(shown).toContain('action="/status/package/code"');
    expect((await form("/status/package/download", { ...keys, code: "123456" })).status).toBe(422);
    const asked = await form("/status/package/code", keys);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("We sent a code to your e-mail address.");
    const { code } = (await latestSealed(id, "package_code")).sealed;
    const stranger = await form("/status/package/download", {
      ...keys,
      email: "other@example.com",
      code: code as string,
    });
    expect(stranger.status).toBe(404);
    const res = await form("/status/package/download", { ...keys, code: code as string });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(Object.keys(await entriesOf(res))).toContain("data.json");
    const after = await (await form("/status", keys)).text();
    expect(after).toContain("Your copy of your data was downloaded.");
  });

  it("answers a link that is not ours, and staff reissuing where there is no package, plainly", async () => {
    expect((await h.app.request("/packages/not-a-link")).status).toBe(404);
    expect((await form("/packages/not-a-link/download", { code: "123456" })).status).toBe(404);
    expect((await h.app.request(`/packages/${"A".repeat(43)}`)).status).toBe(404);
    const receipt = await json(await h.post("/v1/requests", intakeBody()));
    const refused = await reviewer.act(receipt.id, "reissue-package", { version: 1 });
    expect(refused.status).toBe(409);
  });
});
