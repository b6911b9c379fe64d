import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import { readableDay, readableInstant } from "../domain/calendar.js";
import type { Language } from "../domain/vocabulary.js";
import { limitBody } from "../http/body-limit.js";
import { readForm } from "../http/form-body.js";
import { rateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/router.js";
import { requesterKeys } from "../http/shared-schemas.js";
import type { Translate } from "../i18n/index.js";
import { documentMediaTypes, fileAgentDocument, maxDocumentBytes } from "../modules/documents/file-agent-document.js";
import { openPackage, sendPackageCode } from "../modules/packages/unlock-package.js";
import { findRequestOfRequester } from "../modules/requester-lookup/find-request.js";
import { lookupLimits } from "../modules/requester-lookup/limits.js";
import { type RequesterView, requesterView } from "../modules/requester-lookup/requester-view.js";
import { withdrawByRequester } from "../modules/requester-lookup/withdraw-request.js";
import { pageLanguage, publicPage, requesterFields, wordsFor } from "./layout.js";
import { packageDownload } from "./package.js";

interface Zone {
  timeZone: string;
  language: Language;
}

const lookupForm = z.object(requesterKeys);
const codeField = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/),
});

function lookup(t: Translate, trackingNumber = "", problem?: string) {
  return html`${problem ? html`<p class="notice" role="alert">${problem}</p>` : ""}
    <form method="post" action="/status">
      ${requesterFields(t, trackingNumber)}
      <button type="submit">${t("status.show")}</button>
    </form>`;
}

/** The identifying pair, carried by every form on the page, since nothing is kept between visits. */
function keys(trackingNumber: string, email: string) {
  return html`<input type="hidden" name="trackingNumber" value="${trackingNumber}" />
    <input type="hidden" name="email" value="${email}" />`;
}

function standing(t: Translate, view: RequesterView, email: string, zone: Zone, notice?: string) {
  const { timeZone, language } = zone;
  const pkg = view.accessPackage;
  const tracking = view.trackingNumber;
  return html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ""}
    <dl class="facts">
      <dt>${t("common.trackingNumber")}</dt><dd>${tracking}</dd>
      <dt>${t("status.kind")}</dt><dd>${t(`kinds.${view.kind}`)}</dd>
      <dt>${t("status.received")}</dt><dd>${readableInstant(view.receivedAt, timeZone, language)}</dd>
      <dt>${t("status.standing")}</dt><dd>${t(`statuses.${view.status}`)}</dd>
      ${
        view.answered
          ? ""
          : html`<dt>${view.status === "appeal_received" ? t("status.appealAnswerBy") : t("status.answerBy")}</dt><dd>${readableDay(view.respondBy, language)}${view.extended ? html` (${t("status.extended")})` : ""}</dd>`
      }
    </dl>
    ${
      view.systems.total > 0
        ? html`<p>${t("status.systems", { finished: view.systems.finished, total: view.systems.total })}</p>`
        : ""
    }
    <h2>${t("status.timeline")}</h2>
    <ol class="timeline">
      ${view.steps.map((step) => html`<li><span class="when">${readableInstant(step.at, timeZone, language)}</span> ${t(`steps.${step.action}`)}</li>`)}
    </ol>
    ${
      view.messages.length > 0
        ? html`<h2>${t("status.messages")}</h2>
          <ul>${view.messages.map((message) => html`<li>${readableInstant(message.sentAt, timeZone, language)}: ${t(`mails.${message.template}`)}</li>`)}</ul>`
        : ""
    }
    ${
      pkg?.state === "open"
        ? html`<h2>${t("status.download")}</h2>
          <p>${t("status.downloadReady", { until: readableInstant(pkg.expiresAt, timeZone, language), left: pkg.downloadsLeft })}</p>
          <form method="post" action="/status/package/code">${keys(tracking, email)}
            <button type="submit">${pkg.codeSent ? t("status.newCode") : t("status.sendCode")}</button>
          </form>
          <form method="post" action="/status/package/download">${keys(tracking, email)}
            <label for="code">${t("status.code")}</label>
            <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required />
            <button type="submit">${t("status.downloadButton")}</button>
          </form>`
        : pkg
          ? html`<p class="notice">${t(`status.package_${pkg.state}`)}</p>`
          : ""
    }
    ${
      view.appealBy
        ? html`<h2>${t("status.appeal")}</h2>
          <p>${t("status.appealUntil", { until: readableDay(view.appealBy, language) })}</p>
          <form method="post" action="/appeal">${keys(tracking, email)}
            <label for="statement">${t("appeal.why")}</label>
            <textarea id="statement" name="statement" rows="6" required maxlength="10000"></textarea>
            <button type="submit">${t("appeal.send")}</button>
          </form>`
        : ""
    }
    ${
      view.takesProof
        ? html`<h2>${t("status.proof")}</h2>
          <p>${t("status.proofHint")}</p>
          <form method="post" action="/status/proof" enctype="multipart/form-data">${keys(tracking, email)}
            <label for="document">${t("status.proofFile")}</label>
            <input id="document" name="document" type="file" required accept="${documentMediaTypes.join(",")}" />
            <button type="submit">${t("status.proofSend")}</button>
          </form>`
        : ""
    }
    ${
      view.withdrawable
        ? html`<h2>${t("status.withdraw")}</h2>
          <form method="post" action="/status/withdraw">${keys(tracking, email)}
            <label class="choice"><input type="checkbox" name="confirm" value="yes" required /> ${t("status.withdrawConfirm")}</label>
            <button type="submit" class="secondary">${t("status.withdrawButton")}</button>
          </form>`
        : ""
    }
    <p><a href="/complaint?tracking=${tracking}">${t("status.complain")}</a></p>`;
}

type Found = { id: string; trackingNumber: string; email: string };

/**
 * Each of the page's forms names the request by its tracking number and the requester's address, limited as every
 * look-up is; a pair that does not match gives the look-up form again, never a hint which half was wrong.
 */
async function identified(c: Context<AppEnv>, fields: Record<string, string>) {
  const t = wordsFor(c);
  const parsed = lookupForm.safeParse(fields);
  if (!parsed.success) return { refusal: publicPage(c, t("status.title"), lookup(t, "", t("status.enterBoth")), 422) };
  const found = await findRequestOfRequester(c.get("ctx").db, parsed.data);
  if (!found) {
    const body = lookup(t, parsed.data.trackingNumber, t("status.notFound"));
    return { refusal: publicPage(c, t("status.title"), body, 404) };
  }
  return { found: { id: found.id, trackingNumber: found.trackingNumber, email: parsed.data.email } as Found };
}

async function show(c: Context<AppEnv>, found: Found, notice?: string, status: 200 | 201 | 422 | 429 = 200) {
  const ctx = c.get("ctx");
  const t = wordsFor(c);
  const view = await requesterView(ctx, found.id);
  if (!view) return publicPage(c, t("status.title"), lookup(t, "", t("status.notFound")), 404);
  return publicPage(
    c,
    t("status.title"),
    standing(t, view, found.email, { timeZone: ctx.config.BUSINESS_TIMEZONE, language: pageLanguage(c) }, notice),
    status,
  );
}

const lookups = rateLimit(async (c) => lookupLimits(c, "status", (await readForm(c)).trackingNumber));

/**
 * The page a requester reaches from the link in every e-mail about their request: where it stands, its steps and
 * our messages, and what they can do next (download their copy behind a code sent to them, appeal a refusal,
 * withdraw it, send an agent's proof).
 */
export const statusPages = new Hono<AppEnv>()
  .get("/status", (c) => {
    const t = wordsFor(c);
    return publicPage(c, t("status.title"), lookup(t, c.req.query("tracking")?.slice(0, 40) ?? ""));
  })
  .post("/status", limitBody(16 * 1024, "A form"), lookups, async (c) => {
    const { found, refusal } = await identified(c, await readForm(c));
    return found ? show(c, found) : refusal;
  })
  .post("/status/package/code", limitBody(16 * 1024, "A form"), lookups, async (c) => {
    const { found, refusal } = await identified(c, await readForm(c));
    if (!found) return refusal;
    const t = wordsFor(c);
    const outcome = await sendPackageCode(c.get("ctx"), { requestId: found.id });
    if (outcome.state === "too_soon") return show(c, found, t("status.codeTooSoon"), 429);
    return show(c, found, outcome.state === "open" ? t("status.codeSent") : undefined);
  })
  .post("/status/package/download", limitBody(16 * 1024, "A form"), lookups, async (c) => {
    const ctx = c.get("ctx");
    const fields = await readForm(c);
    const { found, refusal } = await identified(c, fields);
    if (!found) return refusal;
    const t = wordsFor(c);
    const code = codeField.safeParse(fields);
    const outcome = code.success
      ? await openPackage(ctx, { requestId: found.id }, code.data.code)
      : ({ state: "wrong_code" } as const);
    if (outcome.state === "wrong_code") return show(c, found, t("status.wrongCode"), 422);
    if (outcome.state === "no_code") return show(c, found, t("status.noCode"), 422);
    if (outcome.state !== "open") return show(c, found);
    return packageDownload(c, outcome);
  })
  .post("/status/withdraw", limitBody(16 * 1024, "A form"), lookups, async (c) => {
    const fields = await readForm(c);
    const { found, refusal } = await identified(c, fields);
    if (!found) return refusal;
    const t = wordsFor(c);
    if (fields.confirm !== "yes") return show(c, found, t("status.withdrawTick"), 422);
    const outcome = await withdrawByRequester(c.get("ctx"), found.id);
    if (outcome === "answered") return show(c, found, t("status.notWithdrawable"), 422);
    return show(c, found, t("status.withdrawn"));
  })
  .post("/status/proof", limitBody(maxDocumentBytes + 64 * 1024, "A form"), lookups, async (c) => {
    const fields = await readForm(c);
    const { found, refusal } = await identified(c, fields);
    if (!found) return refusal;
    const t = wordsFor(c);
    const file = (await c.req.parseBody()).document;
    const mediaType = file instanceof File ? documentMediaTypes.find((type) => type === file.type) : undefined;
    if (!(file instanceof File) || !mediaType || file.size === 0 || file.size > maxDocumentBytes) {
      return show(c, found, t("status.proofRefused"), 422);
    }
    const filing = await fileAgentDocument({
      ctx: c.get("ctx"),
      input: { requestId: found.id, mediaType, content: new Uint8Array(await file.arrayBuffer()) },
    });
    if (filing.outcome === "filed") return show(c, found, t("status.proofFiled"), 201);
    return show(c, found, t(filing.outcome === "too_many" ? "status.proofTooMany" : "status.proofClosed"), 422);
  });
