import { Hono } from "hono";
import { html } from "hono/html";
import { limitBody } from "../http/body-limit.js";
import { readForm } from "../http/form-body.js";
import { rateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/router.js";
import type { Translate } from "../i18n/index.js";
import { fileCorrectionStatement, statementWordLimit } from "../modules/corrections/file-statement.js";
import { statementBody } from "../modules/corrections/routes.js";
import { lookupLimits } from "../modules/requester-lookup/limits.js";
import { publicPage, requesterFields, wordsFor } from "./layout.js";

function form(t: Translate, typed: Record<string, string> = {}, notice?: string) {
  return html`${notice ? html`<p class="notice" role="alert">${notice}</p>` : ""}
    <p>${t("correction.intro", { words: statementWordLimit })}</p>
    <form method="post" action="/correction-statement">
      ${requesterFields(t, typed.trackingNumber ?? "", typed.email ?? "")}
      <label for="statement">${t("correction.statement")}</label>
      <textarea id="statement" name="statement" rows="8" required maxlength="3000">${typed.statement ?? ""}</textarea>
      <button type="submit">${t("correction.send")}</button>
    </form>`;
}

/** The page the link in a refused correction opens (11 CCR §7023(f)). */
export const correctionStatementPages = new Hono<AppEnv>()
  .get("/correction-statement", (c) => {
    const t = wordsFor(c);
    const tracking = c.req.query("tracking")?.slice(0, 40) ?? "";
    return publicPage(c, t("correction.title"), form(t, { trackingNumber: tracking }));
  })
  .post(
    "/correction-statement",
    limitBody(16 * 1024, "A form"),
    rateLimit(async (c) => lookupLimits(c, "appeal", (await readForm(c)).trackingNumber)),
    async (c) => {
      const ctx = c.get("ctx");
      const t = wordsFor(c);
      const fields = await readForm(c);
      const parsed = statementBody.safeParse(fields);
      if (!parsed.success) {
        const notice = t("correction.enterAll", { words: statementWordLimit });
        return publicPage(c, t("correction.title"), form(t, fields, notice), 422);
      }
      const filing = await fileCorrectionStatement({ ctx, input: parsed.data });
      if (filing.outcome !== "filed") {
        const status = filing.outcome === "not_found" ? 404 : 409;
        return publicPage(c, t("correction.title"), form(t, fields, t(`correction.${filing.outcome}`)), status);
      }
      const kept = t("correction.filed", { trackingNumber: filing.trackingNumber });
      return publicPage(c, t("correction.title"), html`<p>${kept}</p>`, 201);
    },
  );
