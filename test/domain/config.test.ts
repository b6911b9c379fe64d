import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("configuration", () => {
  it("has defaults that run the embedded service", () => {
    expect(loadConfig({})).toEqual({
      PORT: 3000,
      DATA_DIR: "./.data",
      PUBLIC_BASE_URL: "http://localhost:3000",
      BUSINESS_TIMEZONE: "America/New_York",
      RESPONSE_PROMISE_DAYS: 30,
      MAIL_FROM: "Rightsdesk <privacy@localhost>",
    });
  });

  it("treats an empty DATABASE_URL as unset", () => {
    expect(loadConfig({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("stops with a message naming every variable at fault", () => {
    const attempt = () =>
      loadConfig({
        PORT: "http",
        BUSINESS_TIMEZONE: "Mars/Olympus",
        DATABASE_URL: "mysql://db",
        RESPONSE_PROMISE_DAYS: "0",
      });
    expect(attempt).toThrowError(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ["PORT", "BUSINESS_TIMEZONE", "DATABASE_URL", "RESPONSE_PROMISE_DAYS"])
        expect(message).toContain(name);
      expect(message).toContain("IANA time zone");
    }
  });
});
