import type { Context, MiddlewareHandler } from "hono";
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { StaffRole } from "../../domain/actor.js";
import { readableInstant } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { requireStaff, type StaffEnv } from "../../http/staff-auth.js";
import { csrfTokenFor } from "../../modules/staff/staff-sessions.js";
import { page } from "../layout.js";

type Content = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * A staff page: a visitor who is not signed in (or whose session ended) is sent to the sign-in page, which brings
 * them back here afterwards, instead of reading a JSON 401 meant for API clients; a role that may not see it gets a
 * page that says so.
 */
export function staffPage(...roles: StaffRole[]): MiddlewareHandler<StaffEnv> {
  const allowed = requireStaff(...roles);
  return async (c, next) => {
    try {
      await allowed(c, next);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === "unauthorized") {
        const back = new URL(c.req.url);
        return c.redirect(`/staff/login?next=${encodeURIComponent(back.pathname + back.search)}`, 303);
      }
      if (error.code === "forbidden") {
        const name = c.get("ctx").config.COMPANY_NAME;
        return c.html(page("Not for your role", name, html`<p class="notice">${error.message}</p>`), 403);
      }
      throw error;
    }
  };
}

export const everyone = staffPage("admin", "reviewer", "auditor");
export const admins = staffPage("admin");

/** An instant as the desk shows it, in the company's zone. */
export const when = (c: Context<StaffEnv>, at: Date) => readableInstant(at, c.get("ctx").config.BUSINESS_TIMEZONE);
/** A change's outcome at the top of a page: done, or refused with the reason. */
export const done = (words: string) => html`<p class="notice" role="status">${words}</p>`;
export const refused = (words: string) => html`<p class="notice" role="alert">${words}</p>`;

/** The anti-forgery field every form of a signed-in page carries (see `requireStaff`). */
export function csrfField(c: Context<StaffEnv>) {
  const session = c.get("sessionToken");
  return session
    ? html`<input type="hidden" name="_csrf" value="${csrfTokenFor(session, c.get("ctx").config.TOKEN_SECRET)}" />`
    : "";
}

/** The review desk's frame: its navigation, by role, and the sign-out button. */
export function deskPage(c: Context<StaffEnv>, title: string, body: Content, status: ContentfulStatusCode = 200) {
  const role = c.get("actor").role;
  const links: [string, string][] = [
    ["/staff", "Queue"],
    ["/staff/appeals", "Appeals"],
    ["/staff/complaints", "Complaints"],
    ...(role === "admin"
      ? ([
          ["/staff/team", "Team"],
          ["/staff/data-systems", "Data systems"],
          ["/staff/controllers", "Controllers"],
          ["/staff/agents", "Agents"],
          ["/staff/dead-letters", "Dead letters"],
        ] as [string, string][])
      : []),
    ...(role === "admin" || role === "auditor" ? ([["/staff/audit", "Audit export"]] as [string, string][]) : []),
  ];
  const here = c.req.path;
  const nav = html`<nav aria-label="Review desk">
      <ul>
        ${links.map(
          ([href, words]) =>
            html`<li><a href="${href}"${here === href ? html` aria-current="page"` : ""}>${words}</a></li>`,
        )}
      </ul>
      <form method="post" action="/staff/logout" class="signout">${csrfField(c)}<button type="submit">Sign out</button></form>
    </nav>`;
  return c.html(page(title, c.get("ctx").config.COMPANY_NAME, body, { desk: nav }), status);
}
