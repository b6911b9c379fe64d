import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { html } from "hono/html";
import { z } from "zod";
import { problem } from "../http/problem.js";
import { clientIp, rateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/router.js";
import { emailAddress } from "../http/shared-schemas.js";
import { requireStaff, type StaffEnv, staffSessionCookie } from "../http/staff-auth.js";
import { listReviewQueue } from "../modules/review/review-queue.js";
import { csrfTokenFor, signIn, signOut } from "../modules/staff/staff-sessions.js";
import { page } from "./layout.js";

/** Refuses a form posted from another origin (hono's check of Origin and Sec-Fetch-Site). */
const fromOwnOrigin: MiddlewareHandler<AppEnv> = csrf({
  origin: (origin, c) => origin === new URL(c.get("ctx").config.PUBLIC_BASE_URL).origin,
});

const signInForm = z.object({ email: emailAddress, password: z.string().min(1).max(1024) });

function loginForm(notice?: string) {
  return html`${notice ? html`<p class="notice">${notice}</p>` : ""}
    <form method="post" action="/staff/login">
      <label for="email">E-mail</label>
      <input id="email" name="email" type="email" required autocomplete="username" />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" required autocomplete="current-password" />
      <button type="submit">Sign in</button>
    </form>`;
}

/**
 * Sign-in for the privacy team's pages: a session cookie that scripts cannot read (HttpOnly), that other sites'
 * requests do not carry (SameSite=Strict), sent only over HTTPS when the service is served over it; the sign-in and
 * sign-out forms are refused unless they come from our own origin, and every other form carries the session's
 * anti-forgery token (see `requireStaff`).
 */
export const staffSignInPages = new Hono<AppEnv>()
  .use("/staff/*", fromOwnOrigin)
  .get("/staff/login", (c) => c.html(page("Sign in", c.get("ctx").config.COMPANY_NAME, loginForm())))
  .post(
    "/staff/login",
    bodyLimit({ maxSize: 8 * 1024, onError: (c) => problem(c, 413, "The form is too large.") }),
    rateLimit(async (c) => {
      const email = (await c.req.parseBody()).email;
      return [
        { key: `login:ip:${clientIp(c)}`, limit: 30, windowSeconds: 3600 },
        ...(typeof email === "string"
          ? [{ key: `login:email:${email.trim().toLowerCase()}`, limit: 10, windowSeconds: 3600 }]
          : []),
      ];
    }),
    async (c) => {
      const ctx = c.get("ctx");
      const name = ctx.config.COMPANY_NAME;
      const parsed = signInForm.safeParse(await c.req.parseBody());
      const signedIn = parsed.success
        ? await signIn(ctx.db, parsed.data, ctx.now(), ctx.config.STAFF_SESSION_HOURS)
        : undefined;
      if (!signedIn)
        return c.html(page("Sign in", name, loginForm("That e-mail and password do not match an account.")), 401);
      setCookie(c, staffSessionCookie, signedIn.token, {
        httpOnly: true,
        sameSite: "Strict",
        secure: ctx.config.PUBLIC_BASE_URL.startsWith("https:"),
        path: "/",
        maxAge: ctx.config.STAFF_SESSION_HOURS * 3600,
      });
      return c.redirect("/staff", 303);
    },
  );

/** The signed-in pages; the Pages issue builds the full review screens on this. */
export const staffPages = new Hono<StaffEnv>()
  .use("/staff/*", fromOwnOrigin)
  .post("/staff/logout", requireStaff("admin", "reviewer", "auditor"), async (c) => {
    const session = c.get("sessionToken");
    if (session) await signOut(c.get("ctx").db, session);
    deleteCookie(c, staffSessionCookie, { path: "/" });
    return c.redirect("/staff/login", 303);
  })
  .get("/staff", requireStaff("admin", "reviewer", "auditor"), async (c) => {
    const ctx = c.get("ctx");
    const session = c.get("sessionToken");
    const actor = c.get("actor");
    const queue = await listReviewQueue({ ctx, actor, input: { limit: 25 } });
    const signOutForm = session
      ? html`<form method="post" action="/staff/logout">
          <input type="hidden" name="_csrf" value="${csrfTokenFor(session, ctx.config.TOKEN_SECRET)}" />
          <button type="submit">Sign out</button>
        </form>`
      : "";
    return c.html(
      page(
        "Review queue",
        ctx.config.COMPANY_NAME,
        html`<p>Overdue: ${queue.counts.overdue} · due in 3 days: ${queue.counts.dueIn3Days} · due in 7 days:
            ${queue.counts.dueIn7Days} · unassigned: ${queue.counts.unassigned}</p>
          <table>
            <thead><tr><th>Tracking number</th><th>Kind</th><th>Where</th><th>Status</th><th>Answer by</th></tr></thead>
            <tbody>
              ${queue.items.map(
                (item) =>
                  html`<tr${item.overdue ? html` class="overdue"` : ""}>
                    <td>${item.trackingNumber}</td><td>${item.kind}</td><td>${item.jurisdiction}</td>
                    <td>${item.status}</td><td>${item.respondBy}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
          ${signOutForm}`,
      ),
    );
  });
