import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import { readableInstant } from "../domain/calendar.js";
import { limitBody } from "../http/body-limit.js";
import { clientIp } from "../http/client-address.js";
import { readForm } from "../http/form-body.js";
import { rateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/router.js";
import type { Translate } from "../i18n/index.js";
import { packageStream } from "../modules/packages/build-package.js";
import {
  type CodeOutcome,
  describePackage,
  type OpenOutcome,
  openPackage,
  type PackageStanding,
  sendPackageCode,
} from "../modules/packages/unlock-package.js";
import { pageLanguage, publicPage, wordsFor } from "./layout.js";

/** A link token as issued: 32 random bytes in base64url. Anything else is no link of ours. */
const linkToken = /^[A-Za-z0-9_-]{43}$/;
const codeForm = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

const refusals = { wrong_code: "status.wrongCode", no_code: "status.noCode", too_soon: "status.codeTooSoon" } as const;

function openPage(
  t: Translate,
  token: string,
  standing: Extract<PackageStanding, { state: "open" }>,
  when: (instant: Date) => string,
  notice?: string,
) {
  return html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
    <p>${t("package.ready", { trackingNumber: standing.trackingNumber, until: when(standing.expiresAt), left: standing.downloadsLeft })}</p>
    <p>${t("package.why")}</p>
    <form method="post" action="/packages/${token}/code">
      <button type="submit">${standing.codeSent ? t("status.newCode") : t("status.sendCode")}</button>
    </form>
    <form method="post" action="/packages/${token}/download">
      <label for="code">${t("status.code")}</label>
      <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required />
      <button type="submit">${t("status.downloadButton")}</button>
    </form>`;
}

/**
 * The page behind an access package's link. GET only shows it (mail scanners fetch links); a code is sent, and the
 * package downloaded, only by the page's buttons, and the download needs the code sent to the requester's address.
 */
export const packagePages = new Hono<AppEnv>()
  .get("/packages/:token", async (c) => {
    const ctx = c.get("ctx");
    const token = c.req.param("token");
    const standing = linkToken.test(token) ? await describePackage(ctx, token) : ({ state: "not_found" } as const);
    return answer(c, token, standing);
  })
  .post(
    "/packages/:token/code",
    limitBody(16 * 1024, "A form"),
    rateLimit((c) => [packageAttemptsPerAddress(c)]),
    async (c) => {
      const token = c.req.param("token");
      const outcome = linkToken.test(token)
        ? await sendPackageCode(c.get("ctx"), { token })
        : ({ state: "not_found" } as const);
      if (outcome.state === "open") return answer(c, token, outcome, wordsFor(c)("status.codeSent"));
      return answer(c, token, outcome);
    },
  )
  .post(
    "/packages/:token/download",
    limitBody(16 * 1024, "A form"),
    rateLimit((c) => [packageAttemptsPerAddress(c)]),
    async (c) => {
      const ctx = c.get("ctx");
      const token = c.req.param("token");
      if (!linkToken.test(token)) return answer(c, token, { state: "not_found" });
      const parsed = codeForm.safeParse(await readForm(c));
      const outcome = parsed.success
        ? await openPackage(ctx, { token }, parsed.data.code)
        : ({ state: "wrong_code" } as const);
      if (outcome.state !== "open") return answer(c, token, outcome);
      return packageDownload(c, outcome);
    },
  );

/** The package a spent code opened, as a download that no cache keeps: from its link's page or the status page. */
export function packageDownload(c: Context<AppEnv>, opened: { requestId: string; trackingNumber: string }) {
  c.header("Content-Type", "application/zip");
  c.header("Content-Disposition", `attachment; filename="personal-data-${opened.trackingNumber}.zip"`);
  c.header("Cache-Control", "no-store");
  return c.body(packageStream(c.get("ctx"), opened.requestId));
}

/** A page for where the link stands, with the status that says it: the form, or why it cannot be used. */
async function answer(
  c: Context<AppEnv>,
  token: string,
  outcome: CodeOutcome | OpenOutcome | { state: "wrong_code" },
  notice?: string,
) {
  const { config } = c.get("ctx");
  const t = wordsFor(c);
  const title = t("package.title");
  if (outcome.state === "not_found" || outcome.state === "expired" || outcome.state === "used_up") {
    const status = outcome.state === "not_found" ? 404 : 410;
    return publicPage(c, title, html`<p class="notice">${t(`package.${outcome.state}`)}</p>`, status);
  }
  const standing = await describePackage(c.get("ctx"), token);
  if (standing.state !== "open") return answer(c, token, standing);
  const when = (instant: Date) => readableInstant(instant, config.BUSINESS_TIMEZONE, pageLanguage(c));
  if (outcome.state === "open") return publicPage(c, title, openPage(t, token, standing, when, notice));
  const status = outcome.state === "too_soon" ? 429 : 422;
  return publicPage(c, title, openPage(t, token, standing, when, t(refusals[outcome.state])), status);
}

/** Codes asked for and tried per client address: a link is long, but its code is six digits. */
function packageAttemptsPerAddress(c: Context<AppEnv>) {
  const { config } = c.get("ctx");
  return { key: `package:ip:${clientIp(c)}`, limit: config.RATE_LIMIT_VERIFY_PER_IP_HOUR, windowSeconds: 3600 };
}
