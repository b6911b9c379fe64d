import { Hono } from "hono";
import { html } from "hono/html";
import type { DataPointKind } from "../domain/verification.js";
import { limitBody } from "../http/body-limit.js";
import { clientIp } from "../http/client-address.js";
import { readForm } from "../http/form-body.js";
import { rateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/router.js";
import { describeVerification, type VerificationPage } from "../modules/verification/describe-verification.js";
import { verificationAttemptsPerAddress } from "../modules/verification/limits.js";
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

function form(token: string, need: Extract<VerificationPage, { state: "pending" }>, notice?: string) {
  return html`${notice ? html`<p class="notice">${notice}</p>` : ""}
    <p>Please confirm that request <strong>${need.trackingNumber}</strong> comes from you.</p>
    <form method="post" action="/verify/${token}">
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
          ? html`<label><input type="checkbox" name="confirmsAgent" value="yes" style="width:auto" />
              I asked ${need.agentName} to make this request for me.</label>`
          : ""
      }
      ${
        need.declaration
          ? html`<p>${need.declaration}</p>
            <label><input type="checkbox" name="affirmed" value="yes" style="width:auto" /> I affirm this declaration.</label>
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
    return c.html(page(title, ctx.config.COMPANY_NAME, form(token, need)));
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
          page(title, name, form(token, need, "Some answers are too long or hold characters we cannot read.")),
          422,
        );
      }
      const answers = parsed.data;
      const result = await verifyIdentity({
        ctx,
        input: {
          by: { token },
          dataPoints: {
            phone: answers.phone,
            account_id: answers.account_id,
            postal_code: answers.postal_code,
            card_last4: answers.card_last4,
            date_of_birth: answers.date_of_birth,
          },
          declaration: {
            fullName: answers.fullName ?? "",
            affirmed: answers.affirmed && answers.fullName !== undefined,
          },
          confirmsAgent: answers.confirmsAgent,
          ip: clientIp(c),
        },
      });
      if (result.outcome === "verified") {
        const done = result.treatedAsCategories
          ? "Thank you. We could confirm enough to tell you what kinds of data we hold about you, and we will do so."
          : "Thank you, your request is confirmed. Our privacy team is now working on it.";
        return c.html(page(title, name, html`<p>${done}</p>`));
      }
      const need = await describeVerification({ ctx, input: { token } });
      if (need.state !== "pending") {
        const message = result.outcome === "incomplete" ? closedMessages[need.state] : resultMessages[result.outcome];
        return c.html(page(title, name, html`<p class="notice">${message}</p>`), 409);
      }
      const notice =
        result.outcome === "incomplete"
          ? "Please fill in everything asked for below."
          : `${resultMessages[result.outcome]}${result.outcome === "wrong_answer" ? ` ${result.attemptsLeft} attempts left.` : ""}`;
      return c.html(page(title, name, form(token, need, notice)), 422);
    },
  );
