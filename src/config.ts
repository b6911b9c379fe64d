import { Cron } from "croner";
import { z } from "zod";
import type { DisputeResolution } from "./domain/recourse.js";
import { rightsHonouredPolicies } from "./domain/rights.js";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const isCronPattern = (pattern: string) => {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
};

const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" })
      .optional()
      .or(z.literal("").transform(() => undefined)),
    DATA_DIR: z.string().min(1).default("./.data"),
    PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:3000"),
    BUSINESS_TIMEZONE: z
      .string()
      .refine(isTimeZone, "must be an IANA time zone such as America/New_York")
      .default("America/New_York"),
    RESPONSE_PROMISE_DAYS: positiveInt(30).pipe(z.number().max(365)),
    SMTP_URL: z
      .url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" })
      .optional()
      .or(z.literal("").transform(() => undefined)),
    MAIL_FROM: z.string().min(3).default("Rightsdesk <privacy@localhost>"),
    /** Key for hashing verification tokens and sealing secrets in the outbox; see src/security/token-secret.ts. */
    TOKEN_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    VERIFICATION_TTL_HOURS: positiveInt(72),
    VERIFICATION_REMINDER_DAYS: positiveInt(7),
    VERIFICATION_CLOSE_DAYS: positiveInt(14),
    /** Days after a request closes unverified before its personal data is purged. */
    UNVERIFIED_PURGE_DAYS: positiveInt(30),
    /**
     * Reverse proxies in front of the service, whose X-Forwarded-For entries are trusted: `false` (none: the socket's
     * peer is the client), `true` (one), or a number. The client is the address the outermost of them saw, counted
     * from the right, never the leftmost entry, which the client writes itself.
     */
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|\d{1,2})$/, "must be false, true (one proxy) or the number of proxies in front")
      .default("false")
      .transform((value) => (value === "true" ? 1 : value === "false" ? 0 : Number(value))),
    RATE_LIMIT_INTAKE_PER_IP_HOUR: positiveInt(30),
    RATE_LIMIT_INTAKE_PER_EMAIL_DAY: positiveInt(10),
    RATE_LIMIT_VERIFY_PER_IP_HOUR: positiveInt(60),
    RATE_LIMIT_RESEND_PER_REQUEST_DAY: positiveInt(5),
    /** Look-ups of a request (status page, appeals) per address, and per tracking number from any address. */
    RATE_LIMIT_LOOKUP_PER_IP_HOUR: positiveInt(60),
    RATE_LIMIT_LOOKUP_PER_TRACKING_NUMBER_HOUR: positiveInt(10),
    /** Sign-in attempts per client address (each costs a password hash), whatever the account. */
    RATE_LIMIT_SIGN_IN_PER_IP_HOUR: positiveInt(60),
    /** Company policy: how long after a refusal the requester may appeal (the statutes say "a reasonable period"). */
    APPEAL_WINDOW_DAYS: positiveInt(60).pipe(z.number().max(365)),
    /** How long a staff member stays signed in to the pages. */
    STAFF_SESSION_HOURS: positiveInt(12).pipe(z.number().max(24 * 7)),
    COMPANY_NAME: z.string().min(1).default("Example Company"),
    /** Our business id in the Data Rights Protocol's directory: signed messages from agents must name it. */
    DRP_BUSINESS_ID: z.string().trim().min(1).max(200).default("EXAMPLE_COMPANY"),
    /** For local testing only: lets DRP status callbacks go over http and to loopback addresses. */
    DRP_CALLBACK_ALLOW_INSECURE: z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true"),
    COMPANY_ADDRESS: z.string().min(1).default("1 Example Street, Springfield, USA"),
    /**
     * Whether the company sells or shares personal data: then a refused or unverifiable California deletion asks
     * whether the consumer wants to opt out instead (11 CCR §7022(f)).
     */
    /**
     * Company policy on authorized agents where the law of a request does not oblige us to accept them (Virginia,
     * Utah; in Colorado and others, beyond opt-outs): `where_required` declines them there, `everywhere` takes them.
     * A power of attorney is always accepted.
     */
    AUTHORIZED_AGENTS_ACCEPTED: z.enum(["where_required", "everywhere"]).default("where_required"),
    /**
     * The rights few laws grant (`domain/rights.ts`): `everywhere` answers them wherever asked, as the policy's
     * "ask that we no longer use it" promises everyone; `where_required` refuses them, with the reason, elsewhere.
     */
    RIGHTS_HONOURED: z.enum(rightsHonouredPolicies).default("everywhere"),
    /**
     * The company's code of practice for complaints: a final answer within these weeks, or by then a letter that
     * says why not and where the complainant may go (the dispute-resolution provider, the regulator).
     */
    COMPLAINT_ANSWER_WEEKS: z.coerce.number().int().min(1).max(26).default(8),
    SELLS_OR_SHARES_PERSONAL_DATA: z
      .enum(["true", "false"])
      .default("true")
      .transform((value) => value === "true"),
    /**
     * The independent dispute-resolution provider the company's policy names for concerns it did not resolve; refusals
     * and appeal decisions name it when both are set.
     */
    DISPUTE_RESOLUTION_NAME: z.string().trim().min(1).max(200).optional(),
    DISPUTE_RESOLUTION_URL: z.url({ protocol: /^https?$/ }).optional(),
    PRIVACY_CONTACT_EMAIL: z.email().default("privacy@localhost"),
    /** Where reviewer reminders go while a request has no assignee. */
    REVIEW_TEAM_EMAIL: z.email().default("privacy-team@localhost"),
    /** Admins or the DPO, told when a request is overdue. */
    ESCALATION_EMAIL: z.email().default("dpo@localhost"),
    REMINDER_OFFSETS_DAYS: z
      .string()
      .regex(/^\d+(,\d+)*$/, "must be whole numbers of days separated by commas, such as 7,3,1")
      .default("7,3,1")
      .transform((list) => [...new Set(list.split(",").map(Number))].sort((a, b) => b - a)),
    ESCALATION_REPEAT_DAYS: positiveInt(7),
    EXTENSION_WARNING_DAYS: positiveInt(3),
    /** Business days before the request's deadline by which each data system's task is due. */
    TASK_LEAD_BUSINESS_DAYS: positiveInt(5).pipe(z.number().max(30)),
    /** How long an access package's link works, and how many downloads it allows. */
    PACKAGE_LINK_DAYS: positiveInt(7).pipe(z.number().max(90)),
    PACKAGE_DOWNLOAD_LIMIT: positiveInt(5).pipe(z.number().max(100)),
    /** Days after a package's link expires before the records it is built from are deleted (no reissue after). */
    PACKAGE_RECORDS_KEEP_DAYS: positiveInt(30).pipe(z.number().max(365)),
    // With backoff from 1 minute doubling to a 6-hour cap, 12 attempts span about 20 hours of mail-server outage.
    OUTBOX_MAX_ATTEMPTS: positiveInt(12),
    /** The wait before a failed message's first retry; each later one doubles it. */
    OUTBOX_RETRY_FIRST_SECONDS: positiveInt(60).pipe(z.number().max(3600)),
    /** Messages a dispatcher sends at once, over as many pooled SMTP connections. */
    MAIL_CONCURRENCY: positiveInt(8).pipe(z.number().max(64)),
    DISPATCH_EVERY_SECONDS: positiveInt(10).pipe(z.number().max(3600)),
    /** Whether `npm start` also runs the jobs; `false` for API processes beside job runners (`npm run jobs`). */
    RUN_JOBS: z
      .enum(["true", "false"])
      .default("true")
      .transform((value) => value === "true"),
    SWEEP_CRON: z.string().refine(isCronPattern, "must be a cron pattern such as */15 * * * *").default("*/15 * * * *"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Bearer token for GET /metrics (Prometheus); without it the endpoint answers 404. */
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  })
  .superRefine((config, ctx) => {
    if (Boolean(config.DISPUTE_RESOLUTION_NAME) !== Boolean(config.DISPUTE_RESOLUTION_URL)) {
      const missing = config.DISPUTE_RESOLUTION_NAME ? "DISPUTE_RESOLUTION_URL" : "DISPUTE_RESOLUTION_NAME";
      ctx.addIssue({ code: "custom", path: [missing], message: "is needed too: a provider is named with its address" });
    }
  });

/** The company's dispute-resolution provider, when it names one. */
export function disputeResolutionOf(
  config: Pick<Config, "DISPUTE_RESOLUTION_NAME" | "DISPUTE_RESOLUTION_URL">,
): DisputeResolution | undefined {
  const { DISPUTE_RESOLUTION_NAME: name, DISPUTE_RESOLUTION_URL: url } = config;
  return name && url ? { name, url } : undefined;
}

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads the environment once. A bad value stops start-up with a message naming each variable at fault. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
}
