import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  describeStaffRoute,
  describeSystemRoute,
  type ProtectedRoute,
  type SystemRoute,
} from "../support/authorization.js";
import { intakeBody } from "../support/factories.js";
import { createHarness, type Harness, json } from "../support/harness.js";
import { staffMember } from "../support/staff.js";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const someRequest = "/v1/review/requests/00000000-0000-4000-8000-000000000000";
const someDataSystem = "/v1/admin/data-systems/00000000-0000-4000-8000-000000000000";
const someController = "/v1/admin/controllers/00000000-0000-4000-8000-000000000000";
const everyone = ["admin", "reviewer", "auditor"] as const;
const deciders = ["admin", "reviewer"] as const;

/** Every staff route; the test at the end fails when one is added to the API and not here. */
const routes: ProtectedRoute[] = [
  { method: "GET", path: "/v1/admin/outbox/dead", allowed: ["admin", "auditor"] },
  { method: "POST", path: "/v1/admin/outbox/999999/retry", allowed: ["admin"] },
  { method: "POST", path: "/v1/admin/data-systems", allowed: ["admin"] },
  { method: "GET", path: "/v1/admin/data-systems", allowed: ["admin", "auditor"] },
  { method: "GET", path: someDataSystem, allowed: ["admin", "auditor"] },
  { method: "PATCH", path: someDataSystem, allowed: ["admin"] },
  { method: "POST", path: `${someDataSystem}/secret`, allowed: ["admin"] },
  { method: "POST", path: `${someDataSystem}/tokens`, allowed: ["admin"] },
  { method: "POST", path: "/v1/admin/controllers", allowed: ["admin"] },
  { method: "GET", path: "/v1/admin/controllers", allowed: ["admin", "auditor"] },
  { method: "GET", path: someController, allowed: ["admin", "auditor"] },
  { method: "PATCH", path: someController, allowed: ["admin"] },
  { method: "POST", path: `${someController}/secret`, allowed: ["admin"] },
  { method: "POST", path: `${someController}/tokens`, allowed: ["admin"] },
  { method: "POST", path: `${someController}/tokens/00000000-0000-4000-8000-000000000000/revoke`, allowed: ["admin"] },
  { method: "POST", path: `${someDataSystem}/tokens/00000000-0000-4000-8000-000000000000/revoke`, allowed: ["admin"] },
  { method: "POST", path: "/v1/admin/processors", allowed: ["admin"] },
  { method: "GET", path: "/v1/admin/processors", allowed: ["admin", "auditor"] },
  { method: "PATCH", path: "/v1/admin/processors/00000000-0000-4000-8000-000000000000", allowed: ["admin"] },
  { method: "GET", path: "/v1/review/requests", allowed: [...everyone] },
  { method: "GET", path: "/v1/review/staff", allowed: [...everyone] },
  { method: "GET", path: "/v1/admin/agents", allowed: ["admin", "auditor"] },
  { method: "POST", path: "/v1/admin/agents", allowed: ["admin"] },
  { method: "PATCH", path: "/v1/admin/agents/SOME_AGENT", allowed: ["admin"] },
  { method: "POST", path: "/v1/review/requests", allowed: [...deciders] },
  { method: "GET", path: someRequest, allowed: [...everyone] },
  { method: "GET", path: `${someRequest}/audit`, allowed: [...everyone] },
  {
    method: "GET",
    path: "/v1/audit/events?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z",
    allowed: ["admin", "auditor"],
  },
  { method: "GET", path: "/v1/review/appeals", allowed: [...everyone] },
  { method: "GET", path: "/v1/review/complaints", allowed: [...everyone] },
  { method: "GET", path: "/v1/review/complaints/00000000-0000-4000-8000-000000000000", allowed: [...everyone] },
  {
    method: "POST",
    path: "/v1/review/complaints/00000000-0000-4000-8000-000000000000/answer",
    allowed: [...deciders],
  },
  { method: "GET", path: "/v1/audit/verify", allowed: ["admin", "auditor"] },
  ...[
    "claim",
    "assign",
    "notes",
    "information-requests",
    "extend",
    "deny",
    "fulfil",
    "complete",
    "close-task",
    "reissue-package",
    "withdraw",
    "scope",
    "duplicate",
  ].map((action): ProtectedRoute => ({ method: "POST", path: `${someRequest}/${action}`, allowed: [...deciders] })),
  { method: "POST", path: `${someRequest}/appeal-decision`, allowed: ["admin"] },
  {
    method: "POST",
    path: `${someRequest}/tasks/00000000-0000-4000-8000-000000000000/records?version=1&category=identifiers`,
    allowed: [...deciders],
  },
];

for (const route of routes) describeStaffRoute(() => h, route);

/** Every route a data system calls with its token. */
const systemRoutes: SystemRoute[] = [
  { method: "GET", path: "/v1/data-system/tasks" },
  { method: "GET", path: "/v1/data-system/tasks/00000000-0000-4000-8000-000000000000" },
  { method: "POST", path: "/v1/data-system/tasks/00000000-0000-4000-8000-000000000000/report" },
  { method: "POST", path: "/v1/suppressions/check" },
  { method: "POST", path: "/v1/suppressions/opt-in" },
  { method: "POST", path: "/v1/signals/gpc" },
];
for (const route of systemRoutes) describeSystemRoute(() => h, route);

/** Every route a controller calls with its token; which controller's requests it reaches is `controller-isolation`'s. */
const somePart = "/v1/controller/requests/00000000-0000-4000-8000-000000000000";
const controllerRoutes: SystemRoute[] = [
  { method: "GET", path: "/v1/controller/requests" },
  { method: "GET", path: somePart },
  { method: "POST", path: `${somePart}/acknowledge` },
  { method: "POST", path: `${somePart}/instructions` },
  { method: "GET", path: `${somePart}/package` },
  { method: "GET", path: "/v1/controller/discovery" },
];
for (const route of controllerRoutes) describeSystemRoute(() => h, route, "controller");

describe("the staff routes list", () => {
  it("names every operation the OpenAPI document marks as needing a staff, data system or controller token", async () => {
    const doc = await json(await h.app.request("/openapi.json"));
    const secured = Object.entries(doc.paths as Record<string, Record<string, { security?: unknown[] }>>).flatMap(
      ([path, operations]) =>
        Object.entries(operations)
          .filter(([, operation]) => operation.security?.length)
          // An agent's token (DRP) answers in the protocol's own shapes: test/http/drp-agents.test.ts covers it.
          .filter(([, operation]) => !JSON.stringify(operation.security).includes("drpAgentBearer"))
          .map(([method, operation]) => [method, JSON.stringify(operation.security)] as const)
          .map(([method, scheme]) => ({
            method: method.toUpperCase(),
            pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`),
            by: scheme.includes("dataSystemBearer")
              ? systemRoutes
              : scheme.includes("controllerBearer")
                ? controllerRoutes
                : routes,
          })),
    );
    expect(secured.length).toBeGreaterThanOrEqual(routes.length + systemRoutes.length + controllerRoutes.length);
    for (const operation of secured) {
      const covered = operation.by.some(
        (route) => route.method === operation.method && operation.pattern.test(route.path.split("?")[0] ?? ""),
      );
      expect(covered, `${operation.method} ${operation.pattern} has no authorization suite`).toBe(true);
    }
  });
});

describe("reassigning a colleague's request", () => {
  it("is an admin's to do: a reviewer may not take it by `assign` any more than by `claim`", async () => {
    const holder = await staffMember(h, "reviewer");
    const other = await staffMember(h, "reviewer");
    const admin = await staffMember(h, "admin");
    const request = await json(await h.post("/v1/requests", intakeBody()));
    await holder.act(request.id, "claim", { version: 1 });
    const taken = await other.act(request.id, "assign", { version: 2, assigneeId: other.id });
    expect(taken.status).toBe(403);
    const released = await other.act(request.id, "assign", { version: 2, assigneeId: null });
    expect(released.status).toBe(403);
    expect((await admin.act(request.id, "assign", { version: 2, assigneeId: other.id })).status).toBe(200);
    // Their own request, or an unassigned one, a reviewer still hands on.
    expect((await other.act(request.id, "assign", { version: 3, assigneeId: null })).status).toBe(200);
  });
});
