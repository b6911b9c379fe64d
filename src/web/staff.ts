import { Hono } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import { z } from "zod";
import { limitBody } from "../http/body-limit.js";
import { clientIp } from "../http/client-address.js";
import { readForm } from "../http/form-body.js";
import { fromOwnOrigin } from "../http/own-origin.js";
import { rateLimit } from "../http/rate-limit.js";
import type { AppEnv } from "../http/router.js";
import { emailAddress, line } from "../http/shared-schemas.js";
import { type StaffEnv, staffSessionCookie } from "../http/staff-auth.js";
import { createFirstAdmin, setupLinkState } from "../modules/staff/first-run.js";
import { clearSignInFailures, recordSignInFailure, signInWait } from "../modules/staff/sign-in-throttle.js";
import { signIn, signOut } from "../modules/staff/staff-sessions.js";
import { everyone } from "./desk/frame.js";
import { page } from "./layout.js";

const signInForm = z.object({ email: emailAddress, password: z.string().min(1).max(1024) });

/** Where to go after signing in: a staff page of ours, never an address elsewhere (an open redirect). */
function afterSignIn(next: unknown): string {
  return typeof next === "string" && /^\/staff(\/[\w/-]*)?(\?[\w=&%.-]*)?$/.test(next) ? next : "/staff";
}

function loginForm(next: string, notice?: string) {
  return html`${notice ? html`<p class="notice">${notice}</p>` : ""}
    <form method="post" action="/staff/login">
      <input type="hidden" name="next" value="${next}" />
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
  .get("/staff/login", (c) =>
    c.html(page("Sign in", c.get("ctx").config.COMPANY_NAME, loginForm(afterSignIn(c.req.query("next"))))),
  )
  .post(
    "/staff/login",
    limitBody(8 * 1024, "A form"),
    // Each attempt costs a password hash: bounded per client address, whatever the account.
    rateLimit((c) => [
      {
        key: `login:ip:${clientIp(c)}`,
        limit: c.get("ctx").config.RATE_LIMIT_SIGN_IN_PER_IP_HOUR,
        windowSeconds: 3600,
      },
    ]),
    async (c) => {
      const ctx = c.get("ctx");
      const name = ctx.config.COMPANY_NAME;
      const form = await readForm(c);
      const next = afterSignIn(form.next);
      const parsed = signInForm.safeParse(form);
      if (!parsed.success) {
        return c.html(page("Sign in", name, loginForm(next, "That e-mail and password do not match an account.")), 401);
      }
      const ip = clientIp(c);
      // Failures slow down this account from this address only: an attacker elsewhere cannot lock a colleague out.
      const wait = await signInWait(ctx.db, parsed.data.email, ip, ctx.now());
      if (wait > 0) {
        c.header("Retry-After", String(wait));
        return c.html(
          page("Sign in", name, loginForm(next, `Too many failed attempts; try again in ${wait} seconds.`)),
          429,
        );
      }
      const signedIn = await signIn(ctx.db, parsed.data, ctx.now(), ctx.config.STAFF_SESSION_HOURS);
      if (!signedIn) {
        await recordSignInFailure(ctx.db, parsed.data.email, ip, ctx.now());
        return c.html(page("Sign in", name, loginForm(next, "That e-mail and password do not match an account.")), 401);
      }
      await clearSignInFailures(ctx.db, parsed.data.email, ip);
      setCookie(c, staffSessionCookie, signedIn.token, {
        httpOnly: true,
        sameSite: "Strict",
        secure: ctx.config.PUBLIC_BASE_URL.startsWith("https:"),
        path: "/",
        maxAge: ctx.config.STAFF_SESSION_HOURS * 3600,
      });
      return c.redirect(next, 303);
    },
  )
  .get("/staff/setup", async (c) => {
    const ctx = c.get("ctx");
    const token = c.req.query("token") ?? "";
    const state = await setupLinkState(ctx, token);
    if (state !== "open") return c.html(page(setupTitle, ctx.config.COMPANY_NAME, setupClosed[state]), 410);
    return c.html(page(setupTitle, ctx.config.COMPANY_NAME, setupForm(token)));
  })
  .post(
    "/staff/setup",
    limitBody(8 * 1024, "A form"),
    rateLimit((c) => [{ key: `setup:ip:${clientIp(c)}`, limit: 20, windowSeconds: 3600 }]),
    async (c) => {
      const ctx = c.get("ctx");
      const name = ctx.config.COMPANY_NAME;
      const form = await readForm(c);
      const parsed = setupFields.safeParse(form);
      if (!parsed.success) {
        const state = await setupLinkState(ctx, form.token);
        if (state !== "open") return c.html(page(setupTitle, name, setupClosed[state]), 410);
        const notice = "Enter your name, an e-mail address and a password of at least 12 characters, the same twice.";
        return c.html(page(setupTitle, name, setupForm(form.token ?? "", form, notice)), 422);
      }
      const made = await createFirstAdmin(ctx, parsed.data.token, parsed.data);
      if (made !== "open") return c.html(page(setupTitle, name, setupClosed[made]), 410);
      return c.html(
        page(
          setupTitle,
          name,
          html`<p>You are the first admin. <a href="/staff/login">Sign in</a> with ${parsed.data.email} and your password;
            add your colleagues with <code>npm run cli -- staff:create</code>.</p>`,
        ),
        201,
      );
    },
  );

const setupTitle = "Create the first admin";

const setupClosed: Record<"invalid" | "expired" | "used", ReturnType<typeof html>> = {
  invalid: html`<p class="notice">This link is not a first-run link of this service. Use the one the server printed.</p>`,
  expired: html`<p class="notice">This link has expired: it works for an hour. Restart the server for a new one.</p>`,
  used: html`<p class="notice">The first admin is already set up. <a href="/staff/login">Sign in</a> instead.</p>`,
};

const setupFields = z
  .object({
    token: z.string().min(1).max(200),
    name: line(200),
    email: emailAddress,
    password: z.string().min(12).max(1024),
    confirmation: z.string(),
  })
  .refine((fields) => fields.password === fields.confirmation);

function setupForm(token: string, typed: { name?: string; email?: string } = {}, notice?: string) {
  return html`${notice ? html`<p class="notice">${notice}</p>` : ""}
    <p>No one is on the privacy team yet. Create the first admin, who signs in to these pages and adds the others.</p>
    <form method="post" action="/staff/setup">
      <input type="hidden" name="token" value="${token}" />
      <label for="name">Your name</label>
      <input id="name" name="name" value="${typed.name ?? ""}" required maxlength="200" autocomplete="name" />
      <label for="email">Your e-mail</label>
      <input id="email" name="email" type="email" value="${typed.email ?? ""}" required autocomplete="username" />
      <label for="password">A password (at least 12 characters)</label>
      <input id="password" name="password" type="password" required minlength="12" autocomplete="new-password" />
      <label for="confirmation">The password again</label>
      <input id="confirmation" name="confirmation" type="password" required autocomplete="new-password" />
      <button type="submit">Create the first admin</button>
    </form>`;
}

/** Signing out: the session ends here and in the database. */
export const staffPages = new Hono<StaffEnv>()
  .use("/staff/*", fromOwnOrigin)
  .post("/staff/logout", everyone, async (c) => {
    const session = c.get("sessionToken");
    if (session) await signOut(c.get("ctx").db, session);
    deleteCookie(c, staffSessionCookie, { path: "/" });
    return c.redirect("/staff/login", 303);
  });
