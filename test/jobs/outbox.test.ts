import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { outbox } from "../../src/db/schema/index.js";
import { runOutboxDispatch } from "../../src/jobs/dispatch-outbox.js";
import { createRenderer } from "../../src/mail/render.js";
import { createMailer } from "../../src/mail/transport.js";
import { listDeadLetters, retryDeadLetter } from "../../src/modules/outbox/dead-letters.js";
import { enqueueMail } from "../../src/modules/outbox/enqueue.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";

let smtp: TestSmtp;
let h: Harness;
beforeEach(async () => {
  smtp = await startSmtp();
  h = await createHarness({ SMTP_URL: smtp.url, MAIL_FROM: "Acme Privacy <privacy@acme.example>" });
});
afterEach(async () => {
  await h.close();
  await smtp.close();
});

const later = (minutes: number) => new Date(h.ctx.now().getTime() + minutes * 60_000);
const rowsFor = (key: string) => h.ctx.db.select().from(outbox).where(eq(outbox.idempotencyKey, key));

describe("delivering the acknowledgement through a real SMTP server", () => {
  it("sends both parts with the right headers, a working status link and no unescaped input", async () => {
    const hostileName = '<img src=x onerror="alert(1)">';
    const res = await h.post("/v1/requests", intakeBody({ subject: { name: hostileName, email: "jane@example.com" } }));
    const receipt = await json(res);

    expect(await h.dispatch()).toEqual({ sent: 1, retrying: 0, dead: 0 });
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail?.from?.text).toBe('"Acme Privacy" <privacy@acme.example>');
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe("jane@example.com");
    expect(mail?.subject).toBe(`We received your privacy request ${receipt.trackingNumber}`);
    expect(mail?.messageId).toMatch(/^<[0-9a-f]{32}@acme\.example>$/);
    expect(mail?.text).toContain(`Hello ${hostileName},`);
    expect(mail?.text).toContain(`Your tracking number is ${receipt.trackingNumber}.`);
    const html = String(mail?.html);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src&#x3D;x");

    // The link in the mail leads to the running app, which shows the request to whoever has the address it used.
    const link = new URL(/http:\/\/localhost:3000\/status\?tracking=[A-Z0-9-]+/.exec(String(mail?.text))?.[0] ?? "");
    const page = await h.app.request(`${link.pathname}${link.search}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`value="${receipt.trackingNumber}"`);
    const form = new URLSearchParams({ trackingNumber: receipt.trackingNumber, email: "Jane@Example.com" });
    const shown = await h.app.request("/status", { method: "POST", body: form });
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain("Our privacy team is working on it.");
  });

  it("writes to the requester in the language the request was filed in, and its link keeps it", async () => {
    const receipt = await json(await h.post("/v1/requests", intakeBody({ language: "es" })));
    expect(await h.dispatch()).toEqual({ sent: 1, retrying: 0, dead: 0 });
    const mail = smtp.received[0];
    expect(mail?.subject).toBe(`Recibimos su solicitud de privacidad ${receipt.trackingNumber}`);
    expect(mail?.text).toMatch(/^Hola, /);
    const link = new URL(/http:\/\/localhost:3000\/status\?\S+/.exec(String(mail?.text))?.[0] ?? "");
    expect(link.searchParams.get("lang")).toBe("es");
    const page = await (await h.app.request(`${link.pathname}${link.search}`)).text();
    expect(page).toContain('<html lang="es">');
  });

  it("sends nothing more when the dispatcher runs again", async () => {
    await h.post("/v1/requests", intakeBody());
    await h.dispatch();
    expect(await h.dispatch()).toEqual({ sent: 0, retrying: 0, dead: 0 });
    expect(smtp.received).toHaveLength(1);
  });
});

describe("when the mail server is down", () => {
  it("keeps messages queued, retries with backoff, and delivers each once when it returns", async () => {
    const port = smtp.port;
    await smtp.close();
    const receipts = [
      await json(await h.post("/v1/requests", intakeBody())),
      await json(await h.post("/v1/requests", intakeBody())),
    ];

    expect(await h.dispatch()).toEqual({ sent: 0, retrying: 2, dead: 0 });
    const [first] = await rowsFor(`request:${receipts[0].id}:acknowledgement`);
    expect(first).toMatchObject({ state: "pending", attempts: 1 });
    expect(first?.lastError).toMatch(/ECONNREFUSED|ESOCKET|Connection/);
    expect(first?.nextAttemptAt.getTime()).toBeGreaterThan(h.ctx.now().getTime());

    // Not due yet: nothing is tried.
    expect(await h.dispatch()).toEqual({ sent: 0, retrying: 0, dead: 0 });

    h.setNow(later(10));
    expect(await h.dispatch()).toEqual({ sent: 0, retrying: 2, dead: 0 });

    smtp = await startSmtp(port);
    h.setNow(later(60));
    expect(await h.dispatch()).toEqual({ sent: 2, retrying: 0, dead: 0 });
    h.setNow(later(600));
    expect(await h.dispatch()).toEqual({ sent: 0, retrying: 0, dead: 0 });
    expect(smtp.received.map((mail) => mail.subject).sort()).toEqual(
      receipts.map((r) => `We received your privacy request ${r.trackingNumber}`).sort(),
    );
  });

  it("gives up at once on a permanent refusal, shows the message to admins, and sends it when retried", async () => {
    const receipt = await json(await h.post("/v1/requests", intakeBody()));
    smtp.refuseWith(550);
    expect(await h.dispatch()).toEqual({ sent: 0, retrying: 0, dead: 1 });
    const dead = await listDeadLetters(h.ctx.db);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ template: "acknowledgement", trackingNumber: receipt.trackingNumber, attempts: 1 });
    expect(dead[0]?.lastError).toContain("550");

    smtp.refuseWith(undefined);
    await retryDeadLetter(h.ctx.db, dead[0]?.id as number, h.by());
    expect(await h.dispatch()).toEqual({ sent: 1, retrying: 0, dead: 0 });
    expect(await listDeadLetters(h.ctx.db)).toHaveLength(0);
  });

  it("declares a message dead after the configured number of attempts", async () => {
    h.ctx.config.OUTBOX_MAX_ATTEMPTS = 2;
    smtp.refuseWith(451);
    await h.post("/v1/requests", intakeBody());
    expect(await h.dispatch()).toEqual({ sent: 0, retrying: 1, dead: 0 });
    h.setNow(later(24 * 60));
    expect(await h.dispatch()).toEqual({ sent: 0, retrying: 0, dead: 1 });
  });
});

describe("two dispatchers at once", () => {
  it("deliver every message exactly once", async () => {
    const count = 60;
    await h.ctx.db.transaction(async (tx) => {
      for (let i = 0; i < count; i++) {
        await enqueueMail(tx, {
          idempotencyKey: `test:${i}`,
          template: "reviewer_reminder",
          recipient: `reviewer${i}@example.com`,
          payload: {
            trackingNumber: `RD-TEST-${i}`,
            kind: "access",
            jurisdiction: "US-CA",
            respondBy: "2026-12-20",
            daysLeft: 3,
            requestUrl: "http://localhost:3000/staff/requests/0b9e7d2c-7f1e-4c3a-9a55-0b7c6d1f9e21",
          },
          dueAt: h.ctx.now(),
        });
      }
    });
    const mailers = [createMailer(h.ctx.config), createMailer(h.ctx.config)];
    const deps = (mailer: (typeof mailers)[number]) => ({
      db: h.ctx.db,
      config: h.ctx.config,
      mailer,
      render: createRenderer(h.ctx.config),
    });
    const reports = await Promise.all(mailers.map((mailer) => runOutboxDispatch(deps(mailer), h.ctx.now())));
    for (const mailer of mailers) mailer.close();
    expect(reports.reduce((sum, report) => sum + report.sent, 0)).toBe(count);
    expect(smtp.received).toHaveLength(count);
    expect(new Set(smtp.received.map((mail) => mail.messageId)).size).toBe(count);
  });
});

describe("a dispatcher that dies mid-batch", () => {
  it("holds only the message it was sending: the rest go out from another within half a minute", async () => {
    for (let i = 0; i < 5; i++) await h.post("/v1/requests", intakeBody());
    const config = { ...h.ctx.config, MAIL_CONCURRENCY: 1 };
    const render = createRenderer(config);
    let sent = 0;
    // The first dispatcher sends one message, then hangs on the second, as a process frozen or killed would.
    const dying = runOutboxDispatch(
      {
        db: h.ctx.db,
        config,
        render,
        mailer: { send: () => (sent++ === 0 ? Promise.resolve() : new Promise(() => {})), close: () => {} },
      },
      h.ctx.now(),
    );
    while (sent < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    const survivor = createMailer(config);
    const report = await runOutboxDispatch(
      { db: h.ctx.db, config, render, mailer: survivor },
      new Date(h.ctx.now().getTime() + 31_000),
    );
    survivor.close();
    expect(report.sent).toBe(3);
    const rows = await h.ctx.db.select().from(outbox);
    expect(rows.filter((row) => row.state === "sent")).toHaveLength(4);
    // The one in flight keeps its lease for the length of an SMTP exchange, then goes to whoever is next.
    expect(rows.filter((row) => row.state === "pending")).toHaveLength(1);
    void dying;
  });
});

describe("a database away when a sent message is recorded", () => {
  it("records it once the database answers again, and does not send it twice", async () => {
    await h.post("/v1/requests", intakeBody());
    let outage = 0;
    // Updates fail, as with a database just gone, from the moment the mail server has accepted the message.
    const db = new Proxy(h.ctx.db, {
      get(target, property, receiver) {
        if (property === "update" && outage > 0) {
          outage -= 1;
          const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
          return () => ({ set: () => ({ where: () => Promise.reject(refused) }) });
        }
        return Reflect.get(target, property, receiver);
      },
    });
    const mailer = createMailer(h.ctx.config);
    const report = await runOutboxDispatch(
      {
        db,
        config: h.ctx.config,
        render: createRenderer(h.ctx.config),
        mailer: {
          send: async (mail) => {
            await mailer.send(mail);
            outage = 3;
          },
          close: () => {},
        },
      },
      h.ctx.now(),
    );
    mailer.close();
    expect(report).toEqual({ sent: 1, retrying: 0, dead: 0 });
    expect(outage).toBe(0);
    const [row] = await h.ctx.db.select().from(outbox);
    expect(row?.state).toBe("sent");
    h.setNow(later(10));
    expect(await h.dispatch()).toEqual({ sent: 0, retrying: 0, dead: 0 });
    expect(smtp.received).toHaveLength(1);
  });
});

describe("without SMTP", () => {
  it("writes each message as an .eml file under DATA_DIR/mail", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "rightsdesk-mail-"));
    const local = await createHarness({ DATA_DIR: dataDir });
    try {
      const receipt = await json(await local.post("/v1/requests", intakeBody()));
      expect((await local.dispatch()).sent).toBe(1);
      const files = await readdir(join(dataDir, "mail"));
      expect(files).toHaveLength(1);
      const eml = await readFile(join(dataDir, "mail", files[0] as string), "utf8");
      expect(eml).toContain(`Subject: We received your privacy request ${receipt.trackingNumber}`);
      expect(eml).toContain("Content-Type: text/html");
    } finally {
      await local.close();
    }
  });
});
