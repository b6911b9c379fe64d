import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import type { DataPointKind } from "../domain/verification.js";
import { limitBody } from "../http/body-limit.js";
import { clientIp } from "../http/client-address.js";
import { readForm } from "../http/form-body.js";
import { rateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/router.js";
import { trackingNumberInput } from "../http/shared-schemas.js";
import {
  describeVerification,
  requestIdOf,
  type VerificationPage,
} from "../modules/verification/describe-verification.js";
import { resendLimits, verificationAttemptsPerAddress } from "../modules/verification/limits.js";
import { resendVerification } from "../modules/verification/resend-verification.js";
import { verificationForm } from "../modules/verification/schemas.js";
import { type VerificationOutcome, verifyIdentity } from "../modules/verification/verify-identity.js";
import { page } from "./layout.js";

const labels: Record<DataPointKind, { label: string; hint: string }> = {
  phone: { label: "Phone number", hint: "the number you gave us" },
  account_id: { label: "Account number or username", hint: "" },
  postal_code: { label: "Postal or ZIP code", hint: "of the address we have for you" },
  card_last4: { label: "Last four digits of a payment card", hint: "one you paid us with" },
  date_of_birth: { label: "Date of birth", hint: "YYYY-MM-DD" },
};

const closedMessages: Record<Exclude<VerificationPage["state"], "pending">, string> = {
  not_found: "This link is not valid. Check that you copied the whole link from our e-mail.",
  expired: "This link has expired or was replaced by a newer one. Use the link in our latest e-mail.",
  locked: "There were too many wrong attempts. Ask us for a new e-mail to try again.",
  already_verified: "This request is already confirmed. There is nothing more to do.",
};

/** Where the form posts: the link's own page, or the code page with the tracking number and code it was given. */
interface Target {
  action: string;
  hidden?: Record<string, string>;
}

function form(target: Target, need: Extract<VerificationPage, { state: "pending" }>, notice?: string) {
  return html`${notice ? html`<p class="notice">${notice}</p>` : ""}
    <p>Please confirm that request <strong>${need.trackingNumber}</strong> comes from you.</p>
    <form method="post" action="${target.action}">
      ${Object.entries(target.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
      ${
        need.dataPointsNeeded > 0
          ? html`<p>To protect your data, answer at least ${need.dataPointsNeeded} of these, as you gave them to us:</p>
            ${need.askable.map(
              (kind) => html`<label for="${kind}">${labels[kind].label}</label>
                <input id="${kind}" name="${kind}" placeholder="${labels[kind].hint}" autocomplete="off" />`,
            )}`
          : ""
      }
      ${
        need.agentName
          ? html`<label class="choice"><input type="checkbox" name="confirmsAgent" value="yes" />
              I asked ${need.agentName} to make this request for me.</label>`
          : ""
      }
      ${
        need.declaration
          ? html`<p>${need.declaration}</p>
            <label class="choice"><input type="checkbox" name="affirmed" value="yes" /> I affirm this declaration.</label>
            <label for="fullName">Your full name, as your signature</label>
            <input id="fullName" name="fullName" autocomplete="name" />`
          : ""
      }
      <button type="submit">Confirm my request</button>
    </form>`;
}

const resultMessages: Record<Exclude<VerificationOutcome["outcome"], "verified" | "incomplete">, string> = {
  wrong_answer: "Those answers do not match what we hold. Check them and try again.",
  ...closedMessages,
};

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

function confirmed(result: Extract<VerificationOutcome, { outcome: "verified" }>) {
  return html`<p>${
    result.treatedAsCategories
      ? "Thank you. We could confirm enough to tell you what kinds of data we hold about you, and we will do so."
      : "Thank you, your request is confirmed. Our privacy team is now working on it."
  }</p>`;
}

/**
 * The page behind the link in a verification e-mail. GET only shows it (mail scanners fetch links); the button
 * POSTs, and only that verifies.
 */
export const verificationPages = new Hono<AppEnv>()
  .get("/verify/:token", async (c) => {
    const ctx = c.get("ctx");
    const token = c.req.param("token");
    const need = await describeVerification({ ctx, input: { token } });
    const title = "Confirm your privacy request";
    if (need.state !== "pending") {
      return c.html(
        page(title, ctx.config.COMPANY_NAME, html`<p class="notice">${closedMessages[need.state]}</p>`),
        404,
      );
    }
    return c.html(page(title, ctx.config.COMPANY_NAME, form({ action: `/verify/${token}` }, need)));
  })
  .post(
    "/verify/:token",
    limitBody(16 * 1024, "A form"),
    rateLimit((c) => [verificationAttemptsPerAddress(c)]),
    async (c) => {
      const ctx = c.get("ctx");
      const token = c.req.param("token");
      const title = "Confirm your privacy request";
      const name = ctx.config.COMPANY_NAME;
      const parsed = verificationForm.safeParse(await readForm(c));
      if (!parsed.success) {
        const need = await describeVerification({ ctx, input: { token } });
        if (need.state !== "pending")
          return c.html(page(title, name, html`<p class="notice">${closedMessages[need.state]}</p>`), 404);
        return c.html(
          page(
            title,
            name,
            form({ action: `/verify/${token}` }, need, "Some answers are too long or hold characters we cannot read."),
          ),
          422,
        );
      }
      const result = await verifyIdentity({ ctx, input: { by: { token }, ...proofOf(parsed.data), ip: clientIp(c) } });
      if (result.outcome === "verified") return c.html(page(title, name, confirmed(result)));
      const need = await describeVerification({ ctx, input: { token } });
      if (need.state !== "pending") {
        const message = result.outcome === "incomplete" ? closedMessages[need.state] : resultMessages[result.outcome];
        return c.html(page(title, name, html`<p class="notice">${message}</p>`), 409);
      }
      const notice =
        result.outcome === "incomplete"
          ? "Please fill in everything asked for below."
          : `${resultMessages[result.outcome]}${result.outcome === "wrong_answer" ? ` ${result.attemptsLeft} attempts left.` : ""}`;
      return c.html(page(title, name, form({ action: `/verify/${token}` }, need, notice)), 422);
    },
  );

const codeTitle = "Confirm with your code";
const trackingForm = z.object({
  trackingNumber: trackingNumberInput,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

/** Why a code cannot be used, in the words of the page that takes codes. */
const codeClosed: Record<"expired" | "locked" | "already_verified" | "not_found", string> = {
  not_found: "We found no request waiting for confirmation with this tracking number. Check the number in our e-mail.",
  expired: "This code has expired or was replaced by a newer one.",
  locked: "There were too many wrong attempts with this code.",
  already_verified: "This request is already confirmed. There is nothing more to do.",
};

function codeForm(trackingNumber: string, notice?: string) {
  return html`${notice ? html`<p class="notice">${notice}</p>` : ""}
    <p>Enter the tracking number and the 6-digit code from our e-mail.</p>
    <form method="post" action="/verify">
      <label for="trackingNumber">Tracking number</label>
      <input id="trackingNumber" name="trackingNumber" value="${trackingNumber}" required placeholder="RD-XXXX-XXXX" />
      <label for="code">Code</label>
      <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required maxlength="6" />
      <button type="submit">Continue</button>
    </form>`;
}

/** A code that can no longer be used, with the button that sends a new one (which also lifts a lock). */
function newCodeOffer(trackingNumber: string, message: string) {
  return html`<p class="notice">${message}</p>
    <form method="post" action="/verify/new-code">
      <input type="hidden" name="trackingNumber" value="${trackingNumber}" />
      <button type="submit">Send me a new code</button>
    </form>`;
}

/**
 * The page for the code in a verification e-mail, for a person who cannot follow the link: the tracking number and
 * the code first, then whatever else the request's law asks (the same form as the link's, carrying the two along).
 * A code expired or locked offers a new one there. Registered before the link's page, whose `/verify/:token` would
 * otherwise take `/verify/new-code`.
 */
export const verificationCodePages = new Hono<AppEnv>()
  .get("/verify", (c) =>
    c.html(page(codeTitle, c.get("ctx").config.COMPANY_NAME, codeForm(c.req.query("tracking")?.slice(0, 20) ?? ""))),
  )
  .post(
    "/verify",
    limitBody(16 * 1024, "A form"),
    rateLimit((c) => [verificationAttemptsPerAddress(c)]),
    async (c) => {
      const ctx = c.get("ctx");
      const name = ctx.config.COMPANY_NAME;
      const fields = await readForm(c);
      const given = trackingForm.safeParse(fields);
      if (!given.success) {
        return c.html(
          page(
            codeTitle,
            name,
            codeForm(fields.trackingNumber ?? "", "Check the tracking number and the 6-digit code."),
          ),
          422,
        );
      }
      const { trackingNumber, code } = given.data;
      const requestId = await requestIdOf(ctx, trackingNumber);
      if (!requestId) return c.html(page(codeTitle, name, codeForm(trackingNumber, codeClosed.not_found)), 404);
      const answers = verificationForm.safeParse(fields);
      const proof = answers.success ? proofOf(answers.data) : {};
      const result = await verifyIdentity({ ctx, input: { by: { requestId, code }, ...proof, ip: clientIp(c) } });
      if (result.outcome === "verified") return c.html(page(codeTitle, name, confirmed(result)));
      if (result.outcome === "locked" || result.outcome === "expired") {
        return c.html(page(codeTitle, name, newCodeOffer(trackingNumber, codeClosed[result.outcome])), 409);
      }
      if (result.outcome === "not_found" || result.outcome === "already_verified") {
        return c.html(page(codeTitle, name, html`<p class="notice">${codeClosed[result.outcome]}</p>`), 409);
      }
      const need = await describeVerification({ ctx, input: { requestId } });
      // The code was right but more is needed, or an answer was wrong: the whole form, carrying the code along.
      if (need.state === "pending" && (result.outcome === "incomplete" || fields.step === "answers")) {
        const notice =
          result.outcome === "incomplete"
            ? fields.step === "answers"
              ? "Please fill in everything asked for below."
              : "Thank you. To protect your data, we need a little more."
            : `${resultMessages.wrong_answer}${result.outcome === "wrong_answer" ? ` ${result.attemptsLeft} attempts left.` : ""}`;
        const target = { action: "/verify", hidden: { trackingNumber, code, step: "answers" } };
        return c.html(page(codeTitle, name, form(target, need, notice)), 422);
      }
      const wrong = result.outcome === "wrong_answer" ? ` ${result.attemptsLeft} attempts left.` : "";
      return c.html(page(codeTitle, name, codeForm(trackingNumber, `That code does not match.${wrong}`)), 422);
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
      const { trackingNumber, requestId } = await askedFor(c);
      const sent = requestId ? await resendVerification({ ctx, input: { requestId } }) : "not_found";
      const notice =
        sent === "sent"
          ? "We sent a new code to the address the first one went to. It replaces the old one."
          : codeClosed.not_found;
      return c.html(
        page(codeTitle, ctx.config.COMPANY_NAME, codeForm(trackingNumber, notice)),
        sent === "sent" ? 202 : 404,
      );
    },
  );

/** The request a "send me a new code" form names (the form is read once: hono keeps the parsed body). */
async function askedFor(c: Context<AppEnv>): Promise<{ trackingNumber: string; requestId?: string | undefined }> {
  const given = trackingNumberInput.safeParse((await readForm(c)).trackingNumber);
  if (!given.success) return { trackingNumber: "" };
  return { trackingNumber: given.data, requestId: await requestIdOf(c.get("ctx"), given.data) };
}
