import { describe, expect, it } from "vitest";
import {
  callbackUrlProblem,
  ForbiddenCallback,
  isForbiddenAddress,
  postJsonToCallback,
} from "../../src/security/callback-url.js";

describe("a callback URL someone else gave us", () => {
  it("must be https and never an internal address", () => {
    expect(callbackUrlProblem("https://agent.example/status", false)).toBeUndefined();
    expect(callbackUrlProblem("http://agent.example/status", false)).toBe("must be an https URL");
    expect(callbackUrlProblem("https://user:pw@agent.example/", false)).toBe("must not carry credentials");
    expect(callbackUrlProblem("not a url", false)).toBe("is not a URL");
    for (const inward of [
      "https://10.0.0.5/",
      "https://127.0.0.1/",
      "https://169.254.169.254/latest",
      "https://[::1]/",
      "https://[fd00::1]/",
      "https://192.168.1.1/",
      "https://localhost/",
      "https://metadata.internal/",
    ]) {
      expect(callbackUrlProblem(inward, false), inward).toMatch(/internal/);
    }
  });

  it("classifies addresses, IPv4-mapped IPv6 included, and lets loopback through only when insecure calls are allowed", () => {
    expect(isForbiddenAddress("8.8.8.8", false)).toBe(false);
    expect(isForbiddenAddress("172.20.1.1", false)).toBe(true);
    expect(isForbiddenAddress("::ffff:10.1.2.3", false)).toBe(true);
    expect(isForbiddenAddress("2606:4700::1111", false)).toBe(false);
    expect(isForbiddenAddress("127.0.0.1", true)).toBe(false);
    expect(isForbiddenAddress("10.0.0.1", true)).toBe(true);
    expect(callbackUrlProblem("http://127.0.0.1:8003/update_status", true)).toBeUndefined();
  });

  it("checks the address a name resolves to when it connects, so a name for an internal address gains nothing", async () => {
    // A public-looking name whose resolver answers with an internal address (DNS rebinding, say).
    const rebinding = ((_name: string, _options: unknown, callback: (error: null, addresses: unknown) => void) =>
      callback(null, [{ address: "10.0.0.7", family: 4 }])) as unknown as typeof import("node:dns").lookup;
    await expect(
      postJsonToCallback("https://agent.example/status", {}, { allowInsecure: false, resolve: rebinding }),
    ).rejects.toBeInstanceOf(ForbiddenCallback);
  });
});
