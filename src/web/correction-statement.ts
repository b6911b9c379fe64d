import { Hono } from "hono";
import { html } from "hono/html";
import { limitBody } from "../http/body-limit.js";
import { readForm } from "../http/form-body.js";
import { rateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/router.js";
import {
  fileCorrectionStatement,
  type StatementFiling,
  statementWordLimit,
} from "../modules/corrections/file-statement.js";
import { statementBody } from "../modules/corrections/routes.js";
import { lookupLimits } from "../modules/requester-lookup/limits.js";
import { page, requesterFields } from "./layout.js";

const title = "Tell us why the information is wrong";

const refusals: Record<Exclude<StatementFiling["outcome"], "filed">, string> = {
  not_found: "We found no request with that tracking number and e-mail address. Check both and try again.",
  not_offered: "That request's answer did not refuse a correction, so there is no statement to file for it.",
  filed_already: "We already keep a statement with that request.",
};

function form(trackingNumber = "", notice?: string) {
  return html`${notice ? html`<p class="notice">${notice}</p>` : ""}
    <p>We did not make some of the corrections you asked for. You may tell us, in up to ${statementWordLimit} words,
      why you think the information we hold is wrong: we keep your statement with your records.</p>
    <form method="post" action="/correction-statement">
      ${requesterFields(trackingNumber)}
      <label for="statement">Your statement</label>
      <textarea id="statement" name="statement" rows="8" required maxlength="3000"></textarea>
      <button type="submit">Send my statement</button>
    </form>`;
}

/** The page the link in a refused correction opens (11 CCR §7023(f)). */
export const correctionStatementPages = new Hono<AppEnv>()
  .get("/correction-statement", (c) =>
    c.html(page(title, c.get("ctx").config.COMPANY_NAME, form(c.req.query("tracking")?.slice(0, 40) ?? ""))),
  )
  .post(
    "/correction-statement",
    limitBody(16 * 1024, "A form"),
    rateLimit(async (c) => lookupLimits(c, "appeal", (await readForm(c)).trackingNumber)),
    async (c) => {
      const ctx = c.get("ctx");
      const name = ctx.config.COMPANY_NAME;
      const parsed = statementBody.safeParse(await readForm(c));
      if (!parsed.success) {
        const notice = `Enter your tracking number, e-mail address and a statement of at most ${statementWordLimit} words.`;
        return c.html(page(title, name, form("", notice)), 422);
      }
      const filing = await fileCorrectionStatement({ ctx, input: parsed.data });
      if (filing.outcome !== "filed") {
        const status = filing.outcome === "not_found" ? 404 : 409;
        return c.html(page(title, name, form(parsed.data.trackingNumber, refusals[filing.outcome])), status);
      }
      return c.html(
        page(title, name, html`<p>We keep your statement with the records of request ${filing.trackingNumber}.</p>`),
        201,
      );
    },
  );
