import { describe, expect, it } from "vitest";
import type { StaffRole } from "../../src/domain/actor.js";
import { staffRoles } from "../../src/domain/actor.js";
import { staffSessionCookie } from "../../src/http/staff-auth.js";
import { registerController } from "../../src/modules/controllers/registry.js";
import { registerDataSystem } from "../../src/modules/data-systems/registry.js";
import { csrfTokenFor, setStaffPassword } from "../../src/modules/staff/staff-sessions.js";
import { createStaffToken, revokeStaffTokens } from "../../src/modules/staff/staff-tokens.js";
import { issueScopedToken, revokeScopedToken } from "../../src/modules/tokens/scoped-tokens.js";
import type { Harness } from "./harness.js";

export interface ProtectedRoute {
  method: "GET" | "POST" | "PATCH";
  path: string;
  allowed: StaffRole[];
}

const password = "a passphrase for the authorization suite";
const sessions = new WeakMap<Harness, Map<StaffRole, Promise<string>>>();

/** A signed-in session cookie value for the role, made once per harness (signing in costs a password hash). */
function sessionOf(h: Harness, role: StaffRole): Promise<string> {
  const byRole = sessions.get(h) ?? new Map<StaffRole, Promise<string>>();
  sessions.set(h, byRole);
  let session = byRole.get(role);
  if (!session) {
    session = (async () => {
      const email = `session-${role}-${Math.random()}@staff.example`;
      await createStaffToken(h.ctx.db, { email, role, label: "test" }, h.by());
      await setStaffPassword(h.ctx.db, email, password, h.by());
      const res = await h.app.request("/staff/login", {
        method: "POST",
        headers: { origin: new URL(h.ctx.config.PUBLIC_BASE_URL).origin },
        body: new URLSearchParams({ email, password }),
      });
      const cookie = /rd_staff_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
      if (!cookie) throw new Error(`could not sign in as ${role}`);
      return cookie;
    })();
    byRole.set(role, session);
  }
  return session;
}

/**
 * The suite every staff route runs: no token 401, an unknown token 401, a revoked token 401, a role not allowed
 * 403 (by token and by session), an allowed role not refused; and a change made with a session cookie is refused
 * without the session's anti-forgery token. `harness` is read lazily because suites are declared before hooks run.
 */
export function describeStaffRoute(harness: () => Harness, route: ProtectedRoute): void {
  const call = (headers: Record<string, string> = {}) =>
    harness().app.request(route.path, { method: route.method, headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const cookie = (session: string) => ({ cookie: `${staffSessionCookie}=${session}` });

  describe(`${route.method} ${route.path} authorization`, () => {
    it("answers 401 without a token, with an unknown token, and with a revoked one", async () => {
      const missing = await call();
      expect(missing.status).toBe(401);
      expect(missing.headers.get("www-authenticate")).toContain("Bearer");
      expect((await call(bearer("rd_not-a-token"))).status).toBe(401);
      expect((await call(cookie("not-a-session"))).status).toBe(401);
      const email = `revoked-${route.allowed[0]}-${Math.random()}@staff.example`;
      const { token } = await createStaffToken(
        harness().ctx.db,
        {
          email,
          role: route.allowed[0] as StaffRole,
          label: "test",
        },
        harness().by(),
      );
      expect((await call(bearer(token))).status).not.toBe(401);
      await revokeStaffTokens(harness().ctx.db, email, harness().by());
      expect((await call(bearer(token))).status).toBe(401);
    });

    for (const role of staffRoles) {
      const allowed = route.allowed.includes(role);
      it(`${allowed ? "lets" : "refuses with 403"} a ${role} ${allowed ? "through" : ""}, by token and by session`, async () => {
        const h = harness();
        const { token } = await createStaffToken(
          h.ctx.db,
          { email: `${role}-${Math.random()}@staff.example`, role, label: "test" },
          h.by(),
        );
        const session = await sessionOf(h, role);
        const antiForgery = { "x-csrf-token": csrfTokenFor(session, h.ctx.config.TOKEN_SECRET) };
        const byToken = await call(bearer(token));
        const bySession = await call({ ...cookie(session), ...antiForgery });
        if (allowed) {
          expect([401, 403]).not.toContain(byToken.status);
          expect([401, 403]).not.toContain(bySession.status);
        } else {
          expect(byToken.status).toBe(403);
          expect(bySession.status).toBe(403);
        }
      });
    }

    it("answers 404 to a data system's or a controller's token, as if nothing were there", async () => {
      expect((await call(bearer((await systemWithToken(harness())).token))).status).toBe(404);
      expect((await call(bearer((await controllerWithToken(harness())).token))).status).toBe(404);
    });

    if (route.method !== "GET") {
      it("refuses a change made with a session cookie but without its anti-forgery token", async () => {
        const session = await sessionOf(harness(), route.allowed[0] as StaffRole);
        expect((await call(cookie(session))).status).toBe(403);
        expect((await call({ ...cookie(session), "x-csrf-token": "forged" })).status).toBe(403);
      });
    }
  });
}

/** A manual data system of its own with a live token, for the routes data systems call and those they must not. */
export async function systemWithToken(h: Harness): Promise<{ systemId: string; token: string; tokenId: string }> {
  const { system } = await registerDataSystem(
    h.ctx.db,
    h.ctx.config.TOKEN_SECRET,
    {
      name: `System ${Math.random()}`,
      reach: "manual",
      owner: { name: "Owner", email: "owner@example.com" },
      requestKinds: ["deletion"],
      categories: [{ category: "identifiers", sources: [], purposes: ["Accounts"], recipients: [] }],
      correctableFields: [],
    },
    h.by(),
  );
  return { systemId: system.id, ...(await issueScopedToken(h.ctx.db, "data_system", system.id, "test", h.by())) };
}

/** A controller of its own with a live token, for the routes controllers call and those they must not. */
export async function controllerWithToken(h: Harness): Promise<{ ownerId: string; token: string; tokenId: string }> {
  const { controller } = await registerController(
    h.ctx.db,
    h.ctx.config.TOKEN_SECRET,
    {
      legalName: `Controller ${Math.random()}`,
      contacts: [{ name: "Contact", email: "contact@controller.example" }],
      mayBeNamed: false,
      describedAs: "a business customer of ours",
      forwardingBusinessDays: 5,
      keys: {},
    },
    h.by(),
  );
  return { ownerId: controller.id, ...(await issueScopedToken(h.ctx.db, "controller", controller.id, "test", h.by())) };
}

export interface SystemRoute {
  method: "GET" | "POST";
  path: string;
}

/** Who holds the tokens a route takes: a data system, or a controller. */
const holders = {
  "data system": {
    unknown: "rdsys_not-a-token",
    issue: async (h: Harness) => {
      const { systemId, ...token } = await systemWithToken(h);
      return { ownerId: systemId, ...token };
    },
    kind: "data_system",
  },
  controller: { unknown: "rdctl_not-a-token", issue: controllerWithToken, kind: "controller" },
} as const;

/**
 * The suite every route a data system (or a controller) calls runs: no token, an unknown one, a revoked one, a
 * staff member's and the other kind's are all 401; a live one is let through. Which of its own things it may see
 * is each route's own test.
 */
export function describeSystemRoute(
  harness: () => Harness,
  route: SystemRoute,
  holder: keyof typeof holders = "data system",
): void {
  const call = (headers: Record<string, string> = {}) =>
    harness().app.request(route.path, { method: route.method, headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const other = holders[holder === "controller" ? "data system" : "controller"];
  describe(`${route.method} ${route.path} authorization`, () => {
    it(`answers 401 without a token, with an unknown, a revoked, a staff or another's token, and lets a ${holder}'s through`, async () => {
      const h = harness();
      expect((await call()).status).toBe(401);
      expect((await call(bearer(holders[holder].unknown))).status).toBe(401);
      const staff = await createStaffToken(
        h.ctx.db,
        { email: `admin-${Math.random()}@staff.example`, role: "admin", label: "test" },
        h.by(),
      );
      expect((await call(bearer(staff.token))).status).toBe(401);
      expect((await call(bearer((await other.issue(h)).token))).status).toBe(401);
      const { ownerId, token, tokenId } = await holders[holder].issue(h);
      expect((await call(bearer(token))).status).not.toBe(401);
      await revokeScopedToken(h.ctx.db, holders[holder].kind, ownerId, tokenId, h.by());
      expect((await call(bearer(token))).status).toBe(401);
    });
  });
}
