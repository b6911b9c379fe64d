import { requestId } from "hono/request-id";
import type { AppContext } from "./context.js";
import type { Availability } from "./db/availability.js";
import { handleError, problem, unavailable } from "./http/problem.js";
import { createRouter } from "./http/router.js";
import { securityHeaders } from "./http/security-headers.js";
import { detectLanguage } from "./i18n/index.js";
import { type Logger, silentLogger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { agentAdminRoutes, drpAgentRoutes } from "./modules/agents/routes.js";
import { appealRoutes, staffAppealRoutes } from "./modules/appeals/routes.js";
import { auditRoutes } from "./modules/audit/routes.js";
import { complaintRoutes, staffComplaintRoutes } from "./modules/complaints/routes.js";
import { controllerRoutes, controllerTokenRoutes } from "./modules/controllers/routes.js";
import { correctionRoutes } from "./modules/corrections/routes.js";
import { dataSystemRoutes, dataSystemTokenRoutes } from "./modules/data-systems/routes.js";
import { documentRoutes } from "./modules/documents/routes.js";
import { taskCallbackRoutes } from "./modules/fulfilment/callback-routes.js";
import { dataSystemTaskRoutes } from "./modules/fulfilment/system-routes.js";
import { taskUploadRoutes } from "./modules/fulfilment/upload-routes.js";
import { healthRoutes } from "./modules/health/routes.js";
import { intakeRoutes } from "./modules/intake/routes.js";
import { adminOutboxRoutes } from "./modules/outbox/routes.js";
import { forwardedRequestRoutes, processorRoutes } from "./modules/processors/routes.js";
import { reviewActionRoutes } from "./modules/review/action-routes.js";
import { reviewRoutes } from "./modules/review/routes.js";
import { controllerApiRoutes, documentControllerWebhooks } from "./modules/routing/controller-routes.js";
import { gpcSupport, suppressionRoutes } from "./modules/suppressions/routes.js";
import { verificationRoutes } from "./modules/verification/routes.js";
import { sameDigest, sha256Hex } from "./security/secrets.js";
import { appealPages } from "./web/appeal.js";
import { complaintPages } from "./web/complaint.js";
import { correctionStatementPages } from "./web/correction-statement.js";
import { deskAdminPages } from "./web/desk/admin.js";
import { deskComplaintPages } from "./web/desk/complaints.js";
import { deskQueuePages } from "./web/desk/queue.js";
import { deskRequestPages } from "./web/desk/request.js";
import { docsPages } from "./web/docs.js";
import { packagePages } from "./web/package.js";
import { requestFormPages } from "./web/request-form.js";
import { sitePages } from "./web/site-css.js";
import { staffPages, staffSignInPages } from "./web/staff.js";
import { statusPages } from "./web/status.js";
import { verificationCodePages, verificationPages } from "./web/verify.js";

/** The requester's pages, which speak the visitor's language (the staff desk and the API speak English). */
const publicPagePaths = [
  "/",
  "/privacy/*",
  "/status",
  "/status/*",
  "/verify",
  "/verify/*",
  "/appeal",
  "/complaint",
  "/packages/*",
  "/correction-statement",
];

export interface Runtime {
  log?: Logger;
  /** The database's heartbeat, where there is a server to lose (see `watchDatabase`). */
  availability?: Availability;
  /** Prometheus metrics of a long-running process, served at /metrics to holders of METRICS_TOKEN. */
  metrics?: Metrics;
}

/**
 * Builds the HTTP app over the given context. It never listens: the entry points for each runtime do. Every request
 * gets an id (echoed as X-Request-Id), a logger that carries it, and one log line when it is answered. While the
 * database is down, requests are answered 503 with Retry-After at once, and those waiting on it when it went down
 * are answered so too, instead of hanging until it returns.
 */
export function createApp(ctx: AppContext, { log = silentLogger, availability, metrics }: Runtime = {}) {
  const app = createRouter();
  app.use(requestId());
  app.use(securityHeaders(ctx.config.PUBLIC_BASE_URL));
  app.use(async (c, next) => {
    c.set("ctx", ctx);
    const requestLog = log.child({ requestId: c.get("requestId") });
    c.set("log", requestLog);
    const started = performance.now();
    if (!availability || c.req.path === "/healthz" || c.req.path === "/readyz") await next();
    else if (!availability.up) c.res = unavailable(c);
    else {
      const outcome = await Promise.race([next().then(() => "answered"), availability.whenDown().then(() => "down")]);
      if (outcome === "down") c.res = unavailable(c);
    }
    // The route's pattern, never the path: a path can hold a verification token.
    const ms = performance.now() - started;
    requestLog.info(
      { method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Math.round(ms) },
      "answered",
    );
    metrics?.observe(c.req.method, c.req.routePath, c.res.status, ms / 1000);
  });
  app.route("/", healthRoutes(availability));
  app.route("/", intakeRoutes);
  app.route("/", verificationRoutes);
  app.route("/", documentRoutes);
  app.route("/", appealRoutes);
  app.route("/", complaintRoutes);
  app.route("/", correctionRoutes);
  app.route("/", adminOutboxRoutes);
  app.route("/", dataSystemRoutes);
  app.route("/", dataSystemTokenRoutes);
  app.route("/", controllerRoutes);
  app.route("/", controllerTokenRoutes);
  app.route("/", taskCallbackRoutes);
  app.route("/", controllerApiRoutes);
  app.route("/", processorRoutes);
  app.route("/", forwardedRequestRoutes);
  app.route("/", dataSystemTaskRoutes);
  app.route("/", suppressionRoutes);
  app.route("/", reviewRoutes);
  app.route("/", reviewActionRoutes);
  app.route("/", taskUploadRoutes);
  app.route("/", staffAppealRoutes);
  app.route("/", staffComplaintRoutes);
  app.route("/", auditRoutes);
  app.route("/", drpAgentRoutes);
  app.route("/", agentAdminRoutes);
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A staff token from `npm run cli -- staff:create`.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "dataSystemBearer", {
    type: "http",
    scheme: "bearer",
    description: "A data system's token (`rdsys_…`) from `POST /v1/admin/data-systems/{id}/tokens`.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "controllerBearer", {
    type: "http",
    scheme: "bearer",
    description: "A controller's token (`rdctl_…`) from `POST /v1/admin/controllers/{id}/tokens`.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "drpAgentBearer", {
    type: "http",
    scheme: "bearer",
    description: "An authorized agent's pair-wise token from `POST /v1/agent/{agent-id}` (DRP 1.0).",
  });
  documentControllerWebhooks(app.openAPIRegistry);
  const language = detectLanguage(ctx.config.PUBLIC_BASE_URL.startsWith("https:"));
  for (const path of publicPagePaths) app.use(path, language);
  app.route("/", sitePages);
  app.route("/", gpcSupport);
  app.route("/", requestFormPages);
  app.route("/", statusPages);
  app.route("/", verificationCodePages);
  app.route("/", verificationPages);
  app.route("/", appealPages);
  app.route("/", complaintPages);
  app.route("/", packagePages);
  app.route("/", correctionStatementPages);
  app.route("/", staffSignInPages);
  app.route("/", staffPages);
  app.route("/", deskQueuePages);
  app.route("/", deskRequestPages);
  app.route("/", deskComplaintPages);
  app.route("/", deskAdminPages);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Rightsdesk API",
      version: "0.1.0",
      description: "Privacy requests: intake, deadlines, verification, review and fulfilment.",
    },
  });
  app.route("/", docsPages);
  const metricsToken = ctx.config.METRICS_TOKEN;
  if (metrics && metricsToken) {
    app.get("/metrics", async (c) => {
      const given = /^Bearer (\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? "";
      if (!sameDigest(sha256Hex(given), sha256Hex(metricsToken))) {
        c.header("WWW-Authenticate", 'Bearer realm="metrics"');
        return problem(c, 401, "The metrics need METRICS_TOKEN as a bearer token.");
      }
      return c.body(await metrics.registry.metrics(), 200, { "Content-Type": metrics.registry.contentType });
    });
  }
  app.notFound((c) => problem(c, 404, "There is nothing at this address."));
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
