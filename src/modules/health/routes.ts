import { createRoute, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import type { Availability } from "../../db/availability.js";
import { createRouter } from "../../http/router.js";

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "checkLiveness",
  tags: ["Operations"],
  summary: "The process is up",
  description: "Answers as long as the process serves HTTP, whatever the database does; for a liveness probe.",
  responses: {
    200: { description: "Up.", content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } } },
  },
});

const readiness = z.object({ status: z.enum(["ready", "unavailable"]) });

const readyz = createRoute({
  method: "get",
  path: "/readyz",
  operationId: "checkReadiness",
  tags: ["Operations"],
  summary: "The database answers",
  description: "Ready only while the database answers a query; for a load balancer's readiness probe.",
  responses: {
    200: { description: "Ready to take requests.", content: { "application/json": { schema: readiness } } },
    503: { description: "The database does not answer.", content: { "application/json": { schema: readiness } } },
  },
});

/** The health routes; with the heartbeat's view of the database, /readyz takes its word when it is known down. */
export function healthRoutes(availability?: Availability) {
  return createRouter()
    .openapi(healthz, (c) => c.json({ status: "ok" as const }, 200))
    .openapi(readyz, async (c) => {
      if (availability && !availability.up) return c.json({ status: "unavailable" as const }, 503);
      // A database that has not answered within 0.8 s is as good as down, for a load balancer's purposes: the answer
      // then comes inside the one second such a check usually allows, instead of not at all.
      const answered = await Promise.race([
        c
          .get("ctx")
          .db.execute(sql`select 1`)
          .then(
            () => true,
            () => false,
          ),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 800)),
      ]);
      return answered ? c.json({ status: "ready" as const }, 200) : c.json({ status: "unavailable" as const }, 503);
    });
}
