import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { StaffActor } from "../../domain/actor.js";
import { readableDay, receiptDate } from "../../domain/calendar.js";
import { type ComplaintOutcome, complaintOutcomes } from "../../domain/complaints.js";
import { DomainError } from "../../domain/errors.js";
import { limitBody } from "../../http/body-limit.js";
import { readForm } from "../../http/form-body.js";
import type { StaffEnv } from "../../http/staff-auth.js";
import { answerComplaint } from "../../modules/complaints/answer-complaint.js";
import {
  type DescribedComplaint,
  describeComplaint,
  listComplaints,
} from "../../modules/complaints/complaint-queue.js";
import { complaintAnswerBody } from "../../modules/complaints/routes.js";
import { csrfField, deskPage, done, everyone, refused, when } from "./frame.js";

const outcomeWords: Record<ComplaintOutcome, string> = {
  upheld: "Upheld: the complainant is right",
  partly_upheld: "Partly upheld",
  not_upheld: "Not upheld",
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const mayAnswer = (actor: StaffActor) => actor.role === "admin" || actor.role === "reviewer";

async function queuePage(c: Context<StaffEnv>) {
  const ctx = c.get("ctx");
  const answered = c.req.query("status") === "answered";
  const items = await listComplaints(ctx.db, answered ? "answered" : "open");
  const today = receiptDate(ctx.now(), ctx.config.BUSINESS_TIMEZONE).toString();
  return deskPage(
    c,
    answered ? "Answered complaints" : "Complaints to answer",
    html`<p>Complaints about how we handled a request: each is acknowledged when it arrives, and answered by its
        day, or sent a letter that day naming where the complainant may go.
        ${answered ? html`<a href="/staff/complaints">Open ones</a>` : html`<a href="/staff/complaints?status=answered">Answered ones</a>`}</p>
      ${items.length === 0 ? html`<p>No complaint here.</p>` : ""}
      <table>
        <caption>${answered ? "Latest answer first" : "Soonest answer first"}</caption>
        <thead><tr><th scope="col">Complaint</th><th scope="col">From</th><th scope="col">Request</th><th scope="col">Received</th><th scope="col">Answer by</th></tr></thead>
        <tbody>${items.map(
          (item) => html`<tr>
            <td><a href="/staff/complaints/${item.id}">${item.trackingNumber}</a></td>
            <td>${item.complainantName}</td>
            <td>${item.requestId ? html`<a href="/staff/requests/${item.requestId}">${item.requestTrackingNumber}</a>` : "None named"}</td>
            <td>${when(c, item.receivedAt)}</td>
            <td>${readableDay(item.answerBy)}
              ${!answered && item.answerBy < today ? html` <span class="badge overdue">Overdue</span>` : ""}
              ${item.deadlockSentAt ? html` <span class="badge">Deadlock letter sent</span>` : ""}</td>
          </tr>`,
        )}</tbody>
      </table>`,
  );
}

interface Shown {
  banner?: unknown;
  /** What an answer refused had typed, to send again. */
  typed?: Record<string, string>;
  status?: 200 | 403 | 409 | 422;
}

function complaintPage(
  c: Context<StaffEnv>,
  complaint: DescribedComplaint,
  { banner, typed = {}, status }: Shown = {},
) {
  const answerForm =
    complaint.status === "open" && mayAnswer(c.get("actor"))
      ? html`<h2>Send the final answer</h2>
          <form method="post" action="/staff/complaints/${complaint.id}/answer">
            ${csrfField(c)}
            <fieldset><legend>Outcome</legend>
              ${complaintOutcomes.map(
                (outcome) => html`<label><input type="radio" name="outcome" value="${outcome}" required
                  ${typed.outcome === outcome ? "checked" : ""} /> ${outcomeWords[outcome]}</label>`,
              )}
            </fieldset>
            <label for="explanation">What we found, and what we did (the complainant reads this)</label>
            <textarea id="explanation" name="explanation" rows="6" required maxlength="10000">${typed.explanation ?? ""}</textarea>
            <button type="submit">Send the answer</button>
          </form>`
      : "";
  return deskPage(
    c,
    `Complaint ${complaint.trackingNumber}`,
    html`${banner ?? ""}
      <dl>
        <dt>From</dt><dd>${complaint.complainantName} (${complaint.complainantEmail})</dd>
        <dt>About</dt><dd>${
          complaint.requestId
            ? html`<a href="/staff/requests/${complaint.requestId}">${complaint.requestTrackingNumber}</a>`
            : complaint.requestReference
              ? `${complaint.requestReference}, as written: it is not a request made with this address`
              : "No request named"
        }</dd>
        <dt>Law</dt><dd>${complaint.jurisdiction}</dd>
        <dt>Received</dt><dd>${when(c, complaint.receivedAt)}</dd>
        <dt>Acknowledged</dt><dd>${complaint.acknowledgedAt ? when(c, complaint.acknowledgedAt) : "Not yet"}; due by
          ${readableDay(complaint.acknowledgeBy)} (${complaint.acknowledgeBasis})</dd>
        <dt>Answer by</dt><dd>${readableDay(complaint.answerBy)} (${complaint.answerBasis})</dd>
        ${complaint.deadlockSentAt ? html`<dt>Deadlock letter</dt><dd>Sent ${when(c, complaint.deadlockSentAt)}</dd>` : ""}
      </dl>
      <h2>What they wrote</h2>
      <blockquote class="statement">${complaint.statement}</blockquote>
      ${
        complaint.outcome
          ? html`<h2>Our answer</h2><p><strong>${outcomeWords[complaint.outcome]}</strong>, sent
              ${complaint.answeredAt ? when(c, complaint.answeredAt) : ""}.</p><p>${complaint.explanation}</p>`
          : answerForm
      }`,
    status,
  );
}

async function load(c: Context<StaffEnv>, id: string) {
  if (!uuid.test(id)) return undefined;
  try {
    return await describeComplaint(c.get("ctx").db, id);
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return undefined;
    throw error;
  }
}

const missing = (c: Context<StaffEnv>) =>
  deskPage(c, "No such complaint", html`<p><a href="/staff/complaints">Back to the complaints</a></p>`, 404);

/**
 * The complaints desk: the open ones soonest answer first (or the answered ones), each complaint whole, and the
 * answer form for reviewers and admins. A refused answer comes back with what was typed and the reason.
 */
export const deskComplaintPages = new Hono<StaffEnv>()
  .get("/staff/complaints", everyone, queuePage)
  .get("/staff/complaints/:id", everyone, async (c) => {
    const complaint = await load(c, c.req.param("id"));
    return complaint ? complaintPage(c, complaint) : missing(c);
  })
  .post("/staff/complaints/:id/answer", limitBody(32 * 1024, "A form"), everyone, async (c) => {
    const ctx = c.get("ctx");
    const complaint = await load(c, c.req.param("id"));
    if (!complaint) return missing(c);
    const form = await readForm(c);
    const again = (reason: string, status: 403 | 409 | 422) =>
      complaintPage(c, complaint, { banner: refused(reason), typed: form, status });
    if (!mayAnswer(c.get("actor"))) return again("Your role does not allow this.", 403);
    const parsed = complaintAnswerBody.safeParse({ outcome: form.outcome, explanation: form.explanation });
    if (!parsed.success) return again("Choose an outcome and explain it in a sentence or more.", 422);
    try {
      await answerComplaint(ctx, complaint.id, c.get("actor"), parsed.data);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return again(error.message, error.code === "forbidden" ? 403 : 409);
    }
    const answered = (await load(c, complaint.id)) as DescribedComplaint;
    return complaintPage(c, answered, { banner: done("The answer is on its way to the complainant.") });
  });
