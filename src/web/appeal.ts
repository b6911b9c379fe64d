import { Hono } from "hono";
import { html } from "hono/html";
import { limitBody } from "../http/body-limit.js";
import { readForm } from "../http/form-body.js";
import type { AppEnv } from "../http/router.js";
import { fileAppeal } from "../modules/appeals/file-appeal.js";
import { appealAttempts, appealBody, appealRefusals } from "../modules/appeals/routes.js";
import { page, requesterFields } from "./layout.js";

const title = "Appeal our decision";

function form(trackingNumber = "", notice?: string) {
  return html`${notice ? html`<p class="notice">${notice}</p>` : ""}
    <p>If you disagree with how we answered your privacy request, tell us why. Someone who did not make the first
      decision will review it.</p>
    <form method="post" action="/appeal">
      ${requesterFields(trackingNumber)}
      <label for="statement">Why you disagree</label>
      <textarea id="statement" name="statement" rows="8" required maxlength="10000"></textarea>
      <button type="submit">Send my appeal</button>
    </form>`;
}

/** The page the link in every refusal opens: the requester appeals with their tracking number and address. */
export const appealPages = new Hono<AppEnv>()
  .get("/appeal", (c) =>
    c.html(page(title, c.get("ctx").config.COMPANY_NAME, form(c.req.query("tracking")?.slice(0, 40) ?? ""))),
  )
  .post("/appeal", limitBody(32 * 1024, "A form"), appealAttempts, async (c) => {
    const ctx = c.get("ctx");
    const name = ctx.config.COMPANY_NAME;
    const parsed = appealBody.safeParse(await readForm(c));
    if (!parsed.success) {
      return c.html(
        page(title, name, form("", "Enter your tracking number, e-mail address and why you disagree.")),
        422,
      );
    }
    const filing = await fileAppeal({ ctx, input: parsed.data });
    if (filing.outcome !== "filed") {
      const status = filing.outcome === "not_found" ? 404 : 409;
      return c.html(page(title, name, form(parsed.data.trackingNumber, appealRefusals[filing.outcome])), status);
    }
    return c.html(
      page(
        title,
        name,
        html`<p>We received your appeal about request ${filing.trackingNumber}. We will answer by
            <strong>${filing.respondBy}</strong>, and we sent you an e-mail confirming it.</p>`,
      ),
      201,
    );
  });
