import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface ReceivedJob {
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the library itself, on the real clock, accepts the signature with the system's secret. */
  verified: boolean;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedJob[];
  /** The secret to verify with, once the system is registered. */
  secret: string;
  /** The statuses to answer the next jobs with, in turn; 202 once they run out. */
  answers: number[];
  close(): Promise<void>;
}

/** A data system's endpoint on a loopback port: it keeps every job, checks its signature and answers as told. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: "",
    received: [],
    secret: "",
    answers: [],
    close: async () => {},
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let verified = false;
      try {
        new Webhook(receiver.secret).verify(body, req.headers as Record<string, string>);
        verified = true;
      } catch {}
      receiver.received.push({ headers: req.headers, body, verified });
      res.statusCode = receiver.answers.shift() ?? 202;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jobs`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}

/** The Standard Webhooks headers of a system's callback, signed by the library with the system's secret. */
export function signCallback(secret: string, body: string, at = new Date(), id = `msg_${Math.random()}`) {
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}
