import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routedRequestReceiver } from "../../examples/controller-webhook.mjs";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { type StaffMember, staffMember } from "../support/staff.js";

/**
 * The verification example the README documents for controllers, run against what Rightsdesk really sends: it takes
 * a routed request (and its answer acknowledges the part), refuses a forged signature and a stale one, and does not
 * act twice on a delivery replayed.
 */
let h: Harness;
let admin: StaffMember;
let server: Server;
const taken: { subject_request_id: string }[] = [];
const deliveries: { headers: Record<string, string>; body: string }[] = [];
let receive: ReturnType<typeof routedRequestReceiver>;

beforeAll(async () => {
  h = await createHarness();
  h.setNow(new Date());
  admin = await staffMember(h, "admin");
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const delivery = { headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") };
      deliveries.push(delivery);
      const answer = receive(delivery.headers, delivery.body);
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

describe("the controller's webhook example", () => {
  it("takes a routed request, refuses forged and stale signatures, and acts once on a replay", async () => {
    const res = await admin.post("/v1/admin/controllers", {
      legalName: "Initech",
      contacts: [{ name: "Ina", email: "privacy@initech.example" }],
      mayBeNamed: true,
      webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rightsdesk`,
      keys: { emailDomains: ["initech.example"] },
    });
    const { webhookSecret } = await json(res);
    receive = routedRequestReceiver(webhookSecret, { onRoutedRequest: (request) => taken.push(request) });
    const filed = await json(
      await h.post("/v1/requests", intakeBody({ subject: { name: "Milt", email: "milt@initech.example" } })),
    );
    await h.dispatch();
    const { parts } = await json(await admin.get(`/v1/review/requests/${filed.id}`));
    expect(taken.map((request) => request.subject_request_id)).toEqual([parts[0].id]);
    expect(parts[0].acknowledgedAt).not.toBeNull();

    const [delivery] = deliveries;
    if (!delivery) throw new Error("nothing was delivered");
    expect(receive(delivery.headers, delivery.body)).toEqual({ status: 200, body: { duplicate: true } });
    expect(taken).toHaveLength(1);

    const forged = delivery.body.replace("milt@initech.example", "mallory@initech.example");
    expect(receive(delivery.headers, forged).status).toBe(401);
    const wrongKey = new Webhook(`whsec_${Buffer.from("not the secret, 32 bytes long!!!").toString("base64")}`);
    const at = new Date();
    const signedElsewhere = {
      "webhook-id": "msg_forged",
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": wrongKey.sign("msg_forged", at, delivery.body),
    };
    expect(receive(signedElsewhere, delivery.body).status).toBe(401);
    const longAgo = new Date(Date.now() - 10 * 60_000);
    const stale = {
      "webhook-id": "msg_stale",
      "webhook-timestamp": String(Math.floor(longAgo.getTime() / 1000)),
      "webhook-signature": new Webhook(webhookSecret).sign("msg_stale", longAgo, delivery.body),
    };
    expect(receive(stale, delivery.body).status).toBe(401);
    expect(taken).toHaveLength(1);
  });
});
