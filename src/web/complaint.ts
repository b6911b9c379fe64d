import { Hono } from "hono";
import { html } from "hono/html";
import { readableDay } from "../domain/calendar.js";
import { limitBody } from "../http/body-limit.js";
import { readForm } from "../http/form-body.js";
import { fromOwnOrigin } from "../http/own-origin.js";
import type { AppEnv } from "../http/router.js";
import type { Translate } from "../i18n/index.js";
import { fileComplaint } from "../modules/complaints/file-complaint.js";
import { complaintAttempts, complaintBody } from "../modules/complaints/routes.js";
import { pageLanguage, publicPage, wordsFor } from "./layout.js";
import { residenceSelect } from "./places.js";

function form(t: Translate, typed: Record<string, string> = {}, notice?: string) {
  return html`${notice ? html`<p class="notice" role="alert">${notice}</p>` : ""}
    <p>${t("complaint.intro")}</p>
    <form method="post" action="/complaint">
      <label for="name">${t("complaint.name")}</label>
      <input id="name" name="name" value="${typed.name ?? ""}" required autocomplete="name" maxlength="200" />
      <label for="email">${t("complaint.email")}</label>
      <input id="email" name="email" type="email" value="${typed.email ?? ""}" required autocomplete="email" />
      <label for="trackingNumber">${t("complaint.tracking")}</label>
      <input id="trackingNumber" name="trackingNumber" value="${typed.trackingNumber ?? ""}" placeholder="RD-XXXX-XXXX" />
      <label for="jurisdiction">${t("complaint.where")}</label>
      ${residenceSelect(t, typed.jurisdiction, false)}
      <label for="statement">${t("complaint.what")}</label>
      <textarea id="statement" name="statement" rows="8" required maxlength="10000">${typed.statement ?? ""}</textarea>
      <button type="submit">${t("complaint.send")}</button>
    </form>`;
}

/** An empty optional field of the form is no answer, not an invalid one. */
const given = (value: string | undefined) => (value?.trim() ? value : undefined);

/**
 * The public complaint form: the same schema and use case as the API's, so the two cannot disagree. A refused form
 * comes back with what was typed.
 */
export const complaintPages = new Hono<AppEnv>()
  .get("/complaint", (c) => {
    const t = wordsFor(c);
    return publicPage(
      c,
      t("complaint.title"),
      form(t, { trackingNumber: c.req.query("tracking")?.slice(0, 40) ?? "" }),
    );
  })
  .post("/complaint", fromOwnOrigin, limitBody(32 * 1024, "A form"), complaintAttempts, async (c) => {
    const t = wordsFor(c);
    const fields = await readForm(c);
    const parsed = complaintBody.safeParse({
      name: fields.name,
      email: fields.email,
      trackingNumber: given(fields.trackingNumber),
      jurisdiction: given(fields.jurisdiction),
      statement: fields.statement,
      language: pageLanguage(c),
    });
    if (!parsed.success) return publicPage(c, t("complaint.title"), form(t, fields, t("complaint.enterAll")), 422);
    const receipt = await fileComplaint(c.get("ctx"), parsed.data);
    const answerBy = readableDay(receipt.answerBy, pageLanguage(c));
    return publicPage(
      c,
      t("complaint.title"),
      html`<p>${t("complaint.filed", { trackingNumber: receipt.trackingNumber, answerBy })}</p>`,
      201,
    );
  });
