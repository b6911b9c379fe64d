import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface TestSmtp {
  url: string;
  port: number;
  received: ParsedMail[];
  /** Answers the next RCPT commands with this error until cleared, e.g. a 550 for a permanent refusal. */
  refuseWith(code: number | undefined): void;
  close(): Promise<void>;
}

/** A real SMTP server on a loopback port; every message it accepts is parsed and kept in `received`. */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const received: ParsedMail[] = [];
  let refusal: number | undefined;
  const options: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!refusal) return callback();
      const error = Object.assign(new Error("Refused by the test"), { responseCode: refusal });
      callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  };
  const server = new SMTPServer(options);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actual = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${actual}`,
    port: actual,
    received,
    refuseWith(code) {
      refusal = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface CountingSmtp {
  url: string;
  /** How many times each Message-ID arrived. */
  received: Map<string, number>;
  /** The last few messages as they arrived, raw, for a test that needs a link out of one. */
  recent: string[];
  close(): Promise<void>;
}

/**
 * A real SMTP server that keeps only what a load needs: a count per Message-ID (so repeats and losses show) and the
 * last few raw messages. Parsing every message, as `startSmtp` does, would cost more than the sender under test.
 */
export async function startCountingSmtp(keepRecent = 20): Promise<CountingSmtp> {
  const received = new Map<string, number>();
  const recent: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("latin1");
        const id = /^Message-ID: (.+)$/im.exec(raw)?.[1]?.trim() ?? "none";
        received.set(id, (received.get(id) ?? 0) + 1);
        recent.push(raw);
        if (recent.length > keepRecent) recent.shift();
        callback();
      });
    },
  });
  // A sender killed mid-conversation resets its connection: the server's business, not the test's.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    recent,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
