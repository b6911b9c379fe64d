// A controller's endpoint for the requests Rightsdesk routes to it, with the `standardwebhooks` package.
// Run: RIGHTSDESK_SECRET=whsec_… PORT=8080 node examples/controller-webhook.mjs
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { Webhook } from "standardwebhooks";

/**
 * Checks one delivery over the exact bytes received: a forged signature, or one older than five minutes (a message
 * captured and sent again later), is refused with 401. A `webhook-id` already taken is not acted on again; it is
 * answered 200, because Rightsdesk retries a delivery whose answer it did not get under the same id, and a 4xx would
 * make it retry until it gives up. Keep `seen` somewhere lasting in production (the ids of the last five minutes
 * are enough: older ones fail the timestamp check).
 */
export function routedRequestReceiver(secret, { seen = new Set(), onRoutedRequest, onStatus } = {}) {
  const webhook = new Webhook(secret);
  return (headers, body) => {
    let event;
    try {
      event = webhook.verify(body, headers);
    } catch {
      return { status: 401, body: { error: "not signed by Rightsdesk, or signed too long ago" } };
    }
    const id = headers["webhook-id"];
    if (seen.has(id)) return { status: 200, body: { duplicate: true } };
    seen.add(id);
    if (event.request_status) {
      onStatus?.(event); // a status callback: in_progress, completed (with results_url for an export), cancelled
      return { status: 200, body: {} };
    }
    onRoutedRequest?.(event); // OpenDSR's request: subject_request_id, subject_identities, extensions.rightsdesk
    // OpenDSR's create response: Rightsdesk records it as your acknowledgement, with your own reference.
    return {
      status: 200,
      body: { subject_request_id: event.subject_request_id, received_time: new Date().toISOString() },
    };
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const receive = routedRequestReceiver(process.env.RIGHTSDESK_SECRET, {
    onRoutedRequest: (request) => console.log("routed", request.subject_request_id, request.subject_request_type),
    onStatus: (status) => console.log("status", status.subject_request_id, status.request_status),
  });
  createServer((req, res) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const answer = receive(req.headers, Buffer.concat(chunks).toString("utf8"));
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  }).listen(Number(process.env.PORT ?? 8080));
}
