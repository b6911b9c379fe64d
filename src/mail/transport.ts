import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Config } from "../config.js";
import type { RenderedMail } from "./render.js";

export interface OutgoingMail extends RenderedMail {
  to: string;
  /** The outbox row's idempotency key: the Message-ID is derived from it, so a resend is recognisably the same mail. */
  idempotencyKey: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer when `SMTP_URL` is set; otherwise every message is written as an .eml file under
 * `DATA_DIR/mail/`, so a fresh clone shows real, openable mail without a mail server.
 */
export function createMailer(config: Pick<Config, "SMTP_URL" | "MAIL_FROM" | "DATA_DIR" | "MAIL_CONCURRENCY">): Mailer {
  const envelope = (mail: OutgoingMail) => ({
    from: config.MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: messageIdOf(mail.idempotencyKey, config.MAIL_FROM),
  });

  if (config.SMTP_URL) {
    // Pooled connections, as many as the dispatcher sends at once, each reused for many messages. Timeouts well
    // inside the dispatcher's lease, so a hung server cannot outlive the claim on a message.
    const transport = nodemailer.createTransport({
      url: config.SMTP_URL,
      pool: true,
      maxConnections: config.MAIL_CONCURRENCY,
      maxMessages: 1000,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return {
      send: async (mail) => {
        await transport.sendMail(envelope(mail));
      },
      close: () => transport.close(),
    };
  }

  const folder = mailFolder(config);
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    send: async (mail) => {
      const { message } = await transport.sendMail(envelope(mail));
      await mkdir(folder, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${digestOf(mail.idempotencyKey).slice(0, 12)}.eml`;
      await writeFile(join(folder, name), message as Buffer);
    },
    close: () => transport.close(),
  };
}

/** Where mail goes when no SMTP server is configured: one .eml file per message. */
export function mailFolder(config: Pick<Config, "DATA_DIR">): string {
  return join(config.DATA_DIR, "mail");
}

const digestOf = (idempotencyKey: string) => createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32);

/** The Message-ID of an outbox row's mail: the same on every attempt, so a repeat is recognisably the same mail. */
export function messageIdOf(idempotencyKey: string, mailFrom: string): string {
  return `<${digestOf(idempotencyKey)}@${domainOf(mailFrom)}>`;
}

function domainOf(from: string): string {
  return /@([^>\s]+)/.exec(from)?.[1] ?? "rightsdesk.invalid";
}
