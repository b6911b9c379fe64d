import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.js";

let h: Harness;
let server: ServerType;
let port: number;
beforeAll(async () => {
  h = await createHarness();
  server = serve({ fetch: h.app.fetch, port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

/** Sends raw HTTP on one kept-alive connection and reads until the server closes it or a second passes. */
function raw(text: string): Promise<{ answer: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    let closedByServer = false;
    socket.on("data", (chunk) => {
      answer += chunk.toString("latin1");
    });
    socket.on("end", () => {
      closedByServer = true;
    });
    socket.on("close", () => resolve({ answer, closedByServer }));
    socket.on("error", () => {});
    setTimeout(() => socket.destroy(), 1000);
    socket.write(text);
  });
}

describe("a body over the limit", () => {
  it("is answered 413 with Connection: close, and the server closes the connection, so no request behind it is lost", async () => {
    const head = [
      "POST /v1/requests HTTP/1.1",
      "Host: localhost",
      "Content-Type: application/json",
      "Content-Length: 1000000",
      "Connection: keep-alive",
      "",
      "",
    ].join("\r\n");
    const { answer, closedByServer } = await raw(`${head}{"kind":"opt_out"`);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(closedByServer).toBe(true);
  });
});
