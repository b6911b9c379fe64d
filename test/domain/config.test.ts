import { describe, expect, it } from "vitest";
import { ConfigError, disputeResolutionOf, loadConfig } from "../../src/config.js";

describe("configuration", () => {
  it("has defaults that run the embedded service", () => {
    expect(loadConfig({})).toEqual({
      PORT: 3000,
      DATA_DIR: "./.data",
      PUBLIC_BASE_URL: "http://localhost:3000",
      BUSINESS_TIMEZONE: "America/New_York",
      RESPONSE_PROMISE_DAYS: 30,
      MAIL_FROM: "Rightsdesk <privacy@localhost>",
      VERIFICATION_TTL_HOURS: 72,
      VERIFICATION_REMINDER_DAYS: 7,
      VERIFICATION_CLOSE_DAYS: 14,
      UNVERIFIED_PURGE_DAYS: 30,
      TRUST_PROXY: 0,
      RATE_LIMIT_INTAKE_PER_IP_HOUR: 30,
      RATE_LIMIT_INTAKE_PER_EMAIL_DAY: 10,
      RATE_LIMIT_VERIFY_PER_IP_HOUR: 60,
      RATE_LIMIT_RESEND_PER_REQUEST_DAY: 5,
      RATE_LIMIT_LOOKUP_PER_IP_HOUR: 60,
      RATE_LIMIT_LOOKUP_PER_TRACKING_NUMBER_HOUR: 10,
      RATE_LIMIT_SIGN_IN_PER_IP_HOUR: 60,
      APPEAL_WINDOW_DAYS: 60,
      STAFF_SESSION_HOURS: 12,
      COMPANY_NAME: "Example Company",
      DRP_BUSINESS_ID: "EXAMPLE_COMPANY",
      DRP_CALLBACK_ALLOW_INSECURE: false,
      COMPANY_ADDRESS: "1 Example Street, Springfield, USA",
      AUTHORIZED_AGENTS_ACCEPTED: "where_required",
      RIGHTS_HONOURED: "everywhere",
      COMPLAINT_ANSWER_WEEKS: 8,
      SELLS_OR_SHARES_PERSONAL_DATA: true,
      PRIVACY_CONTACT_EMAIL: "privacy@localhost",
      REVIEW_TEAM_EMAIL: "privacy-team@localhost",
      ESCALATION_EMAIL: "dpo@localhost",
      REMINDER_OFFSETS_DAYS: [7, 3, 1],
      ESCALATION_REPEAT_DAYS: 7,
      EXTENSION_WARNING_DAYS: 3,
      TASK_LEAD_BUSINESS_DAYS: 5,
      PACKAGE_LINK_DAYS: 7,
      PACKAGE_DOWNLOAD_LIMIT: 5,
      PACKAGE_RECORDS_KEEP_DAYS: 30,
      OUTBOX_MAX_ATTEMPTS: 12,
      OUTBOX_RETRY_FIRST_SECONDS: 60,
      MAIL_CONCURRENCY: 8,
      DISPATCH_EVERY_SECONDS: 10,
      RUN_JOBS: true,
      SWEEP_CRON: "*/15 * * * *",
      LOG_LEVEL: "info",
    });
  });

  it("reads reminder offsets as a list, largest first, and checks the sweep schedule", () => {
    expect(loadConfig({ REMINDER_OFFSETS_DAYS: "1,14,3" }).REMINDER_OFFSETS_DAYS).toEqual([14, 3, 1]);
    expect(() => loadConfig({ REMINDER_OFFSETS_DAYS: "7;3" })).toThrow(/REMINDER_OFFSETS_DAYS/);
    expect(() => loadConfig({ SWEEP_CRON: "every day" })).toThrow(/SWEEP_CRON/);
  });

  it("counts trusted proxies: none, one, or as many as said", () => {
    expect(loadConfig({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
  });

  it("names a dispute-resolution provider with both its name and its address, or not at all", () => {
    const named = loadConfig({
      DISPUTE_RESOLUTION_NAME: "Fair Privacy ADR",
      DISPUTE_RESOLUTION_URL: "https://adr.example/",
    });
    expect(disputeResolutionOf(named)).toEqual({ name: "Fair Privacy ADR", url: "https://adr.example/" });
    expect(disputeResolutionOf(loadConfig({}))).toBeUndefined();
    expect(() => loadConfig({ DISPUTE_RESOLUTION_NAME: "Fair Privacy ADR" })).toThrow(/DISPUTE_RESOLUTION_URL/);
    expect(() => loadConfig({ DISPUTE_RESOLUTION_URL: "javascript:alert(1)" })).toThrow(/DISPUTE_RESOLUTION_URL/);
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
