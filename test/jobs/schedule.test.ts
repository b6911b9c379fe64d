import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleJobs } from "../../src/jobs/index.js";
import { createRenderer } from "../../src/mail/render.js";
import { createMailer } from "../../src/mail/transport.js";
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
    const jobs = scheduleJobs({ db: h.ctx.db, config, mailer: createMailer(config), render: createRenderer(config) });
    try {
      const deadline = Date.now() + 10_000;
      while (smtp.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    } finally {
      jobs.stop();
    }
    expect(smtp.received).toHaveLength(1);
  });
});
