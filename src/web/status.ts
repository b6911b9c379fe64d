import { Hono } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import { readableDay, readableInstant } from "../domain/calendar.js";
import type { RequestStatus } from "../domain/lifecycle.js";
import { limitBody } from "../http/body-limit.js";
import { readForm } from "../http/form-body.js";
import { rateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/router.js";
import { requesterKeys } from "../http/shared-schemas.js";
import { lookupStatus, type RequestStanding } from "../modules/requester-lookup/find-request.js";
import { lookupLimits } from "../modules/requester-lookup/limits.js";
import { page, requesterFields } from "./layout.js";

const statusWords: Record<RequestStatus, string> = {
  received: "Received: we will be in touch about the next step.",
  verifying: "Waiting for you to confirm your identity.",
  in_review: "Our privacy team is working on it.",
  awaiting_controller: "With the company that controls the data, whose instructions we follow.",
  fulfilling: "Being carried out.",
  completed: "Completed. We sent you our answer by e-mail.",
  denied: "Answered: we could not carry it out. Our e-mail explains why and how to appeal.",
  withdrawn: "Withdrawn at your request.",
  duplicate: "Closed as a repeat of an earlier request, which we answer instead. Our e-mail names it.",
  appeal_received: "Your appeal is being reviewed.",
  appeal_decided: "Your appeal has been decided. We sent you our answer by e-mail.",
};

const lookupForm = z.object(requesterKeys);

function form(trackingNumber = "", problem?: string) {
  return html`${problem ? html`<p class="notice">${problem}</p>` : ""}
    <form method="post" action="/status">
      ${requesterFields(trackingNumber)}
      <button type="submit">Show my request</button>
    </form>`;
}

function standing(request: RequestStanding, timeZone: string) {
  const appealing = request.status === "appeal_received";
  return html`<dl>
      <dt>Tracking number</dt><dd>${request.trackingNumber}</dd>
      <dt>Received</dt><dd>${readableInstant(request.receivedAt, timeZone)}</dd>
      <dt>Where it stands</dt><dd>${statusWords[request.status]}</dd>
      <dt>${appealing ? "We answer your appeal by" : "We answer by"}</dt><dd>${readableDay(request.respondBy)}</dd>
    </dl>`;
}

/** The page a requester reaches from the link in every e-mail about their request. */
export const statusPages = new Hono<AppEnv>()
  .get("/status", (c) => {
    const name = c.get("ctx").config.COMPANY_NAME;
    return c.html(page("Your privacy request", name, form(c.req.query("tracking")?.slice(0, 40) ?? "")));
  })
  .post(
    "/status",
    limitBody(16 * 1024, "A form"),
    rateLimit(async (c) => lookupLimits(c, "status", (await readForm(c)).trackingNumber)),
    async (c) => {
      const ctx = c.get("ctx");
      const name = ctx.config.COMPANY_NAME;
      const parsed = lookupForm.safeParse(await readForm(c));
      if (!parsed.success) {
        return c.html(
          page("Your privacy request", name, form("", "Enter your tracking number and e-mail address.")),
          422,
        );
      }
      const found = await lookupStatus({ ctx, input: parsed.data });
      if (!found) {
        const notFound = "We found no request with that tracking number and e-mail address. Check both and try again.";
        return c.html(page("Your privacy request", name, form(parsed.data.trackingNumber, notFound)), 404);
      }
      return c.html(page("Your privacy request", name, standing(found, ctx.config.BUSINESS_TIMEZONE)));
    },
  );
