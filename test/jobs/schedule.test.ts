import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outbox } from "../../src/db/schema/index.js";
import { runOutboxDispatch } from "../../src/jobs/dispatch-outbox.js";
import { scheduleJobs } from "../../src/jobs/index.js";
import { silentLogger } from "../../src/log.js";
import { createRenderer } from "../../src/mail/render.js";
import { createMailer, type Mailer } from "../../src/mail/transport.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness } from "../support/harness.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";

let smtp: TestSmtp;
let h: Harness;
beforeAll(async () => {
  smtp = await startSmtp();
  h = await createHarness({ SMTP_URL: smtp.url, DISPATCH_EVERY_SECONDS: 1 });
});
afterAll(async () => {
  await h.close();
  await smtp.close();
});

describe("scheduled jobs", () => {
  it("deliver an acknowledgement within a few dispatcher ticks, with no one calling the dispatcher", async () => {
    const config = h.ctx.config;
    // The real clock: the scheduler runs the jobs at the time it fires, as in production.
    h.setNow(new Date());
    await h.post("/v1/requests", intakeBody());
    const mailer = createMailer(config);
    const jobs = scheduleJobs({ db: h.ctx.db, config, mailer, render: createRenderer(config), log: silentLogger });
    try {
      const deadline = Date.now() + 10_000;
      while (smtp.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await jobs.stop();
      mailer.close();
    }
    expect(smtp.received).toHaveLength(1);
  });

  it("stop waits for the delivery in progress to be recorded, and claims no further batch", async () => {
    const config = h.ctx.config;
    h.setNow(new Date());
    for (let i = 0; i < 3; i++) await h.post("/v1/requests", intakeBody());
    let started = 0;
    let finished = 0;
    // A slow mail server: each message takes 300 ms.
    const mailer: Mailer = {
      send: async () => {
        started += 1;
        await new Promise((resolve) => setTimeout(resolve, 300));
        finished += 1;
      },
      close: () => {},
    };
    const jobs = scheduleJobs({ db: h.ctx.db, config, mailer, render: createRenderer(config), log: silentLogger });
    while (started === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await jobs.stop();
    // Everything claimed was delivered and recorded before stop returned; nothing is left mid-lease.
    expect(finished).toBe(started);
    const rows = await h.ctx.db.select().from(outbox).where(eq(outbox.state, "pending"));
    expect(rows.filter((row) => row.attempts > 0)).toEqual([]);
  });

  it("a dispatcher told to stop claims nothing", async () => {
    await h.post("/v1/requests", intakeBody());
    const stopped = new AbortController();
    stopped.abort();
    const report = await runOutboxDispatch(
      { db: h.ctx.db, config: h.ctx.config, mailer: createMailer(h.ctx.config), render: createRenderer(h.ctx.config) },
      new Date(),
      stopped.signal,
    );
    expect(report).toEqual({ sent: 0, retrying: 0, dead: 0 });
  });
});
