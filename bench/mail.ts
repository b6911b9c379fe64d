import { sql } from "drizzle-orm";
import { loadConfig } from "../src/config.js";
import { connectPostgres } from "../src/db/postgres.js";
import { rowsOf } from "../src/db/rows.js";
import { runOutboxDispatch } from "../src/jobs/dispatch-outbox.js";
import { createRenderer } from "../src/mail/render.js";
import { createMailer } from "../src/mail/transport.js";
import { enqueueMail } from "../src/modules/outbox/enqueue.js";
import { startCountingSmtp } from "../test/support/smtp.js";
import { benchSize, freshBenchDatabase } from "./support.js";

const messages = benchSize("BENCH_MESSAGES", 10_000, 500);

/**
 * 10,000 owed acknowledgements (owed the way the product owes them) delivered by the dispatcher to a local SMTP
 * server, which counts each Message-ID: messages per second, and whether each arrived exactly once.
 */
export async function benchMail(): Promise<void> {
  const url = await freshBenchDatabase("rightsdesk_bench_mail");
  const database = connectPostgres({ url });
  const { db } = database;
  const now = new Date();

  const smtp = await startCountingSmtp();
  const { received } = smtp;

  for (let start = 0; start < messages; start += 500) {
    await db.transaction(async (tx) => {
      for (let i = start; i < Math.min(start + 500, messages); i++) {
        await enqueueMail(tx, {
          idempotencyKey: `bench:${i}:acknowledgement`,
          template: "acknowledgement",
          recipient: `subject${i}@example.com`,
          dueAt: now,
          payload: {
            recipientName: `Subject ${i}`,
            trackingNumber: `RD-${String(i).padStart(4, "0").slice(-4)}-BNCH`,
            kind: "access",
            receivedAt: now.toISOString(),
            respondBy: "2026-12-20",
          },
        });
      }
    });
  }

  const config = {
    ...loadConfig({ SMTP_URL: smtp.url }),
    TOKEN_SECRET: "a-bench-key-of-more-than-32-characters",
  };
  const mailer = createMailer(config);
  const started = performance.now();
  let sent = 0;
  // The dispatcher runs as its schedule would, pass after pass, until nothing is owed.
  for (let pass = 0; sent < messages && pass < 1000; pass++) {
    sent += (await runOutboxDispatch({ db, config, mailer, render: createRenderer(config) }, new Date())).sent;
  }
  const seconds = (performance.now() - started) / 1000;
  mailer.close();
  await smtp.close();
  const [pending] = await rowsOf<{ n: number }>(db, sql`select count(*)::int as n from outbox where state <> 'sent'`);
  await database.close();

  const repeated = [...received.values()].filter((count) => count > 1).length;
  console.log(
    `mail benchmark: ${messages.toLocaleString("en-US")} messages, ${config.MAIL_CONCURRENCY} at a time, local SMTP`,
  );
  console.log(`  delivered ${sent} in ${seconds.toFixed(1)} s   ${(sent / seconds).toFixed(0)} messages/s`);
  console.log(
    `  distinct Message-IDs received ${received.size}   received more than once ${repeated}   not sent ${pending?.n ?? "?"}`,
  );
  console.log("  target: >= 200 messages/s, each delivered once");
  if (received.size !== messages || repeated > 0) throw new Error("Some messages were not delivered exactly once.");
}
