import { Hono } from "hono";
import { html } from "hono/html";
import { readableDay } from "../domain/calendar.js";
import { limitBody } from "../http/body-limit.js";
import { readForm } from "../http/form-body.js";
import type { AppEnv } from "../http/router.js";
import type { Translate } from "../i18n/index.js";
import { fileAppeal } from "../modules/appeals/file-appeal.js";
import { appealAttempts, appealBody } from "../modules/appeals/routes.js";
import { pageLanguage, publicPage, requesterFields, wordsFor } from "./layout.js";

function form(t: Translate, typed: Record<string, string> = {}, notice?: string) {
  return html`${notice ? html`<p class="notice" role="alert">${notice}</p>` : ""}
    <p>${t("appeal.intro")}</p>
    <form method="post" action="/appeal">
      ${requesterFields(t, typed.trackingNumber ?? "", typed.email ?? "")}
      <label for="statement">${t("appeal.why")}</label>
      <textarea id="statement" name="statement" rows="8" required maxlength="10000">${typed.statement ?? ""}</textarea>
      <button type="submit">${t("appeal.send")}</button>
    </form>`;
}

/**
 * The page the link in every refusal opens, and where the status page's appeal form posts: the requester appeals
 * with their tracking number and address. A refused form comes back with what was typed.
 */
export const appealPages = new Hono<AppEnv>()
  .get("/appeal", (c) => {
    const t = wordsFor(c);
    return publicPage(c, t("appeal.title"), form(t, { trackingNumber: c.req.query("tracking")?.slice(0, 40) ?? "" }));
  })
  .post("/appeal", limitBody(32 * 1024, "A form"), appealAttempts, async (c) => {
    const ctx = c.get("ctx");
    const t = wordsFor(c);
    const fields = await readForm(c);
    const parsed = appealBody.safeParse(fields);
    if (!parsed.success) return publicPage(c, t("appeal.title"), form(t, fields, t("appeal.enterAll")), 422);
    const filing = await fileAppeal({ ctx, input: parsed.data });
    if (filing.outcome !== "filed") {
      const status = filing.outcome === "not_found" ? 404 : 409;
      return publicPage(c, t("appeal.title"), form(t, fields, t(`appeal.${filing.outcome}`)), status);
    }
    const respondBy = readableDay(filing.respondBy, pageLanguage(c));
    return publicPage(
      c,
      t("appeal.title"),
      html`<p>${t("appeal.filed", { trackingNumber: filing.trackingNumber, respondBy })}</p>`,
      201,
    );
  });
