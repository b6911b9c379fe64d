import { describe, expect, it } from "vitest";
import type { StaffRole } from "../../src/domain/actor.js";
import { staffRoles } from "../../src/domain/actor.js";
import { createStaffToken, revokeStaffTokens } from "../../src/modules/staff/staff-tokens.js";
import type { Harness } from "./harness.js";

export interface ProtectedRoute {
  method: "GET" | "POST";
  path: string;
  allowed: StaffRole[];
}

/**
 * The suite every staff route runs: no token 401, an unknown token 401, a revoked token 401, a role not allowed 403,
 * an allowed role not refused. `harness` is read lazily because suites are declared before hooks run.
 */
export function describeStaffRoute(harness: () => Harness, route: ProtectedRoute): void {
  const call = (token?: string) =>
    harness().app.request(route.path, {
      method: route.method,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  describe(`${route.method} ${route.path} authorization`, () => {
    it("answers 401 without a token, with an unknown token, and with a revoked one", async () => {
      const missing = await call();
      expect(missing.status).toBe(401);
      expect(missing.headers.get("www-authenticate")).toContain("Bearer");
      expect((await call("rd_not-a-token")).status).toBe(401);
      const email = `revoked-${route.allowed[0]}-${Math.random()}@staff.example`;
      const { token } = await createStaffToken(harness().ctx.db, {
        email,
        role: route.allowed[0] as StaffRole,
        label: "test",
      });
      expect((await call(token)).status).not.toBe(401);
      await revokeStaffTokens(harness().ctx.db, email, new Date());
      expect((await call(token)).status).toBe(401);
    });

    for (const role of staffRoles) {
      const allowed = route.allowed.includes(role);
      it(`${allowed ? "lets" : "refuses with 403"} a ${role} ${allowed ? "through" : ""}`, async () => {
        const email = `${role}-${Math.random()}@staff.example`;
        const { token } = await createStaffToken(harness().ctx.db, { email, role, label: "test" });
        const res = await call(token);
        if (allowed) expect([401, 403]).not.toContain(res.status);
        else expect(res.status).toBe(403);
      });
    }
  });
}
