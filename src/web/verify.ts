import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import { limitBody } from "../http/body-limit.js";
import { clientIp } from "../http/client-address.js";
import { readForm } from "../http/form-body.js";
import { rateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/router.js";
import { trackingNumberInput } from "../http/shared-schemas.js";
import type { Translate } from "../i18n/index.js";
import {
  describeVerification,
  requestIdOf,
  type VerificationPage,
} from "../modules/verification/describe-verification.js";
import { resendLimits, verificationAttemptsPerAddress } from "../modules/verification/limits.js";
import { resendVerification } from "../modules/verification/resend-verification.js";
import { verificationForm } from "../modules/verification/schemas.js";
import { type VerificationOutcome, verifyIdentity } from "../modules/verification/verify-identity.js";
import { publicPage, wordsFor } from "./layout.js";

/** Where the form posts: the link's own page, or the code page with the tracking number and code it was given. */
interface Target {
  action: string;
  hidden?: Record<string, string>;
}

function form(t: Translate, target: Target, need: Extract<VerificationPage, { state: "pending" }>, notice?: string) {
  return html`${notice ? html`<p class="notice" role="alert">${notice}</p>` : ""}
    <p>${t("verify.confirmThat", { trackingNumber: need.trackingNumber })}</p>
    <form method="post" action="${target.action}">
      ${Object.entries(target.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
      ${
        need.dataPointsNeeded > 0
          ? html`<p>${t("verify.answerSome", { n: need.dataPointsNeeded })}</p>
            ${need.askable.map(
              (kind) => html`<label for="${kind}">${t(`verify.points.${kind}`)}</label>
                <input id="${kind}" name="${kind}" placeholder="${t(`verify.hints.${kind}`)}" autocomplete="off" />`,
            )}`
          : ""
      }
      ${
        need.agentName
          ? html`<label class="choice"><input type="checkbox" name="confirmsAgent" value="yes" />
              ${t("verify.askedAgent", { agent: need.agentName })}</label>`
          : ""
      }
      ${
        need.declaration
          ? html`<p>${need.declaration}</p>
            <label class="choice"><input type="checkbox" name="affirmed" value="yes" /> ${t("verify.affirm")}</label>
            <label for="fullName">${t("verify.fullName")}</label>
            <input id="fullName" name="fullName" autocomplete="name" />`
          : ""
      }
      <button type="submit">${t("verify.confirm")}</button>
    </form>`;
}

/** The answers of a verification form, as the proof `verifyIdentity` checks. */
function proofOf(answers: z.infer<typeof verificationForm>) {
  return {
    dataPoints: {
      phone: answers.phone,
      account_id: answers.account_id,
      postal_code: answers.postal_code,
      card_last4: answers.card_last4,
      date_of_birth: answers.date_of_birth,
    },
    declaration: { fullName: answers.fullName ?? "", affirmed: answers.affirmed && answers.fullName !== undefined },
    confirmsAgent: answers.confirmsAgent,
  };
}

function confirmed(t: Translate, result: Extract<VerificationOutcome, { outcome: "verified" }>) {
  return html`<p>${result.treatedAsCategories ? t("verify.categoriesOnly") : t("verify.confirmed")}</p>`;
}

/** Why a link or a code can no longer be used, or an answer did not match. */
type Refusal = Exclude<VerificationOutcome["outcome"], "verified" | "incomplete">;
const linkRefusal = (t: Translate, state: Refusal) => t(`verify.link.${state}`);
const attemptsLeft = (t: Translate, result: VerificationOutcome) =>
  result.outcome === "wrong_answer" ? ` ${t("verify.attemptsLeft", { n: result.attemptsLeft })}` : "";

/**
 * The page behind the link in a verification e-mail. GET only shows it (mail scanners fetch links); the button
 * POSTs, and only that verifies.
 */
export const verificationPages = new Hono<AppEnv>()
  .get("/verify/:token", async (c) => {
    const t = wordsFor(c);
    const token = c.req.param("token");
    const need = await describeVerification({ ctx: c.get("ctx"), input: { token } });
    const title = t("verify.title");
    if (need.state !== "pending") {
      return publicPage(c, title, html`<p class="notice">${linkRefusal(t, need.state)}</p>`, 404);
    }
    return publicPage(c, title, form(t, { action: `/verify/${token}` }, need));
  })
  .post(
    "/verify/:token",
    limitBody(16 * 1024, "A form"),
    rateLimit((c) => [verificationAttemptsPerAddress(c)]),
    async (c) => {
      const ctx = c.get("ctx");
      const t = wordsFor(c);
      const token = c.req.param("token");
      const title = t("verify.title");
      const target = { action: `/verify/${token}` };
      const parsed = verificationForm.safeParse(await readForm(c));
      if (!parsed.success) {
        const need = await describeVerification({ ctx, input: { token } });
        if (need.state !== "pending")
          return publicPage(c, title, html`<p class="notice">${linkRefusal(t, need.state)}</p>`, 404);
        return publicPage(c, title, form(t, target, need, t("verify.unreadable")), 422);
      }
      const result = await verifyIdentity({ ctx, input: { by: { token }, ...proofOf(parsed.data), ip: clientIp(c) } });
      if (result.outcome === "verified") return publicPage(c, title, confirmed(t, result));
      const need = await describeVerification({ ctx, input: { token } });
      if (need.state !== "pending") {
        const message = linkRefusal(t, result.outcome === "incomplete" ? need.state : result.outcome);
        return publicPage(c, title, html`<p class="notice">${message}</p>`, 409);
      }
      const notice =
        result.outcome === "incomplete"
          ? t("verify.fillIn")
          : `${linkRefusal(t, result.outcome)}${attemptsLeft(t, result)}`;
      return publicPage(c, title, form(t, target, need, notice), 422);
    },
  );

const trackingForm = z.object({
  trackingNumber: trackingNumberInput,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

/** Why a code cannot be used, in the words of the page that takes codes. */
type CodeRefusal = "expired" | "locked" | "already_verified" | "not_found";
const codeRefusal = (t: Translate, state: CodeRefusal) => t(`verify.code.${state}`);

function codeForm(t: Translate, trackingNumber: string, notice?: string) {
  return html`${notice ? html`<p class="notice" role="alert">${notice}</p>` : ""}
    <p>${t("verify.codeIntro")}</p>
    <form method="post" action="/verify">
      <label for="trackingNumber">${t("common.trackingNumber")}</label>
      <input id="trackingNumber" name="trackingNumber" value="${trackingNumber}" required placeholder="RD-XXXX-XXXX" />
      <label for="code">${t("verify.codeLabel")}</label>
      <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="6" />
      <button type="submit">${t("verify.continue")}</button>
    </form>`;
}

/** A code that can no longer be used, with the button that sends a new one (which also lifts a lock). */
function newCodeOffer(t: Translate, trackingNumber: string, message: string) {
  return html`<p class="notice" role="alert">${message}</p>
    <form method="post" action="/verify/new-code">
      <input type="hidden" name="trackingNumber" value="${trackingNumber}" />
      <button type="submit">${t("verify.newCode")}</button>
    </form>`;
}

/**
 * The page for the code in a verification e-mail, for a person who cannot follow the link: the tracking number and
 * the code first, then whatever else the request's law asks (the same form as the link's, carrying the two along).
 * A code expired or locked offers a new one there. Registered before the link's page, whose `/verify/:token` would
 * otherwise take `/verify/new-code`.
 */
export const verificationCodePages = new Hono<AppEnv>()
  .get("/verify", (c) => {
    const t = wordsFor(c);
    return publicPage(c, t("verify.codeTitle"), codeForm(t, c.req.query("tracking")?.slice(0, 20) ?? ""));
  })
  .post(
    "/verify",
    limitBody(16 * 1024, "A form"),
    rateLimit((c) => [verificationAttemptsPerAddress(c)]),
    async (c) => {
      const ctx = c.get("ctx");
      const t = wordsFor(c);
      const title = t("verify.codeTitle");
      const fields = await readForm(c);
      const given = trackingForm.safeParse(fields);
      if (!given.success) {
        return publicPage(c, title, codeForm(t, fields.trackingNumber ?? "", t("verify.checkBoth")), 422);
      }
      const { trackingNumber, code } = given.data;
      const requestId = await requestIdOf(ctx, trackingNumber);
      if (!requestId) return publicPage(c, title, codeForm(t, trackingNumber, codeRefusal(t, "not_found")), 404);
      const answers = verificationForm.safeParse(fields);
      const proof = answers.success ? proofOf(answers.data) : {};
      const result = await verifyIdentity({ ctx, input: { by: { requestId, code }, ...proof, ip: clientIp(c) } });
      if (result.outcome === "verified") return publicPage(c, title, confirmed(t, result));
      if (result.outcome === "locked" || result.outcome === "expired") {
        return publicPage(c, title, newCodeOffer(t, trackingNumber, codeRefusal(t, result.outcome)), 409);
      }
      if (result.outcome === "not_found" || result.outcome === "already_verified") {
        return publicPage(c, title, html`<p class="notice">${codeRefusal(t, result.outcome)}</p>`, 409);
      }
      const need = await describeVerification({ ctx, input: { requestId } });
      // The code was right but more is needed, or an answer was wrong: the whole form, carrying the code along.
      if (need.state === "pending" && (result.outcome === "incomplete" || fields.step === "answers")) {
        const notice =
          result.outcome === "incomplete"
            ? fields.step === "answers"
              ? t("verify.fillIn")
              : t("verify.moreNeeded")
            : `${linkRefusal(t, "wrong_answer")}${attemptsLeft(t, result)}`;
        const target = { action: "/verify", hidden: { trackingNumber, code, step: "answers" } };
        return publicPage(c, title, form(t, target, need, notice), 422);
      }
      const notice = `${t("verify.codeWrong")}${attemptsLeft(t, result)}`;
      return publicPage(c, title, codeForm(t, trackingNumber, notice), 422);
    },
  )
  .post(
    "/verify/new-code",
    limitBody(4 * 1024, "A form"),
    rateLimit(async (c) => {
      const { requestId } = await askedFor(c);
      return requestId ? resendLimits(c, requestId) : [verificationAttemptsPerAddress(c)];
    }),
    async (c) => {
      const ctx = c.get("ctx");
      const t = wordsFor(c);
      const { trackingNumber, requestId } = await askedFor(c);
      const sent = requestId ? await resendVerification({ ctx, input: { requestId } }) : "not_found";
      const notice = sent === "sent" ? t("verify.newCodeSent") : codeRefusal(t, "not_found");
      return publicPage(c, t("verify.codeTitle"), codeForm(t, trackingNumber, notice), sent === "sent" ? 202 : 404);
    },
  );

/** The request a "send me a new code" form names (the form is read once: hono keeps the parsed body). */
async function askedFor(c: Context<AppEnv>): Promise<{ trackingNumber: string; requestId?: string | undefined }> {
  const given = trackingNumberInput.safeParse((await readForm(c)).trackingNumber);
  if (!given.success) return { trackingNumber: "" };
  return { trackingNumber: given.data, requestId: await requestIdOf(c.get("ctx"), given.data) };
}
