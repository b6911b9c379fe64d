import { and, desc, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { accessPackages, requests } from "../../db/schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { type RequestStatus, requestStatuses } from "../../domain/lifecycle.js";
import { type OpenDsrStatus, openDsrStatus } from "../../domain/routing.js";
import { recordAuditEvent } from "../audit/general-trail.js";
import { onRequest, type RequestRow } from "../request-lifecycle/index.js";
import { partStatusBody, routedRequestBody } from "./opendsr.js";

/**
 * What a controller's token reaches: its own routed parts and nothing else. Every lookup is by the controller's id
 * as well as the part's, so another controller's part is simply not found.
 */
const statusesOf = (wanted: OpenDsrStatus): RequestStatus[] =>
  requestStatuses.filter((status) => openDsrStatus(status) === wanted);

/** The controller's routed parts, newest first, as OpenDSR status objects: no identifiers, which a read shows. */
export async function partsOfController(
  ctx: AppContext,
  controllerId: string,
  filter: { status?: OpenDsrStatus | undefined; limit: number },
) {
  const rows = await ctx.db
    .select()
    .from(requests)
    .where(
      and(
        eq(requests.controllerId, controllerId),
        ...(filter.status ? [inArray(requests.status, statusesOf(filter.status))] : []),
      ),
    )
    .orderBy(desc(requests.receivedAt), desc(requests.id))
    .limit(filter.limit);
  return Promise.all(rows.map((part) => partStatusBody(ctx.db, part, { id: controllerId }, ctx.config)));
}

async function partOf(ctx: AppContext, controllerId: string, requestId: string): Promise<RequestRow> {
  const [part] = await ctx.db
    .select()
    .from(requests)
    .where(and(eq(requests.id, requestId), eq(requests.controllerId, controllerId)));
  if (!part) throw new DomainError("not_found", "You have no routed request with this id.");
  return part;
}

/** Checks the part is the controller's before anything is done to it: another's is not found, as if not there. */
export async function assertPartOf(ctx: AppContext, controllerId: string, requestId: string): Promise<void> {
  await partOf(ctx, controllerId, requestId);
}

/**
 * One routed part with the identifiers of its subject, which the controller needs to answer; reading them is on
 * the general trail, under the controller, since it discloses personal data.
 */
export async function readPart(ctx: AppContext, controllerId: string, requestId: string) {
  const part = await partOf(ctx, controllerId, requestId);
  await ctx.db.transaction((tx) =>
    recordAuditEvent(tx, {
      subjectType: "controller",
      subjectId: controllerId,
      actor: { type: "controller", id: controllerId },
      at: ctx.now(),
      action: "controller_read_request",
      data: { request: part.id, trackingNumber: part.trackingNumber },
    }),
  );
  return {
    request: routedRequestBody(part, ctx.config),
    status: await partStatusBody(ctx.db, part, { id: controllerId }, ctx.config),
  };
}

export async function statusOfPart(ctx: AppContext, controllerId: string, requestId: string) {
  const part = await partOf(ctx, controllerId, requestId);
  return partStatusBody(ctx.db, part, { id: controllerId }, ctx.config);
}

/**
 * Counts one download of a completed export for its controller, on the part's trail, while the package is live;
 * the package's expiry and limit are a requester's, and its expiry ends the records' keeping.
 */
export async function openControllerPackage(ctx: AppContext, controllerId: string, requestId: string) {
  await assertPartOf(ctx, controllerId, requestId);
  const actor = { type: "controller" as const, id: controllerId };
  return onRequest(ctx.db, { requestId, actor, at: ctx.now() }, async ({ tx, request, at, change }) => {
    const [pkg] = await tx.select().from(accessPackages).where(eq(accessPackages.requestId, request.id)).for("update");
    if (!pkg || request.status !== "completed") {
      throw new DomainError("not_found", "This request has no export: instruct one, and fetch it once it is done.");
    }
    if (pkg.expiresAt <= at || pkg.downloads >= pkg.downloadLimit || pkg.recordsPurgedAt) {
      throw new DomainError("conflict", "This export has expired or been downloaded as often as it may be.");
    }
    const downloads = pkg.downloads + 1;
    await tx.update(accessPackages).set({ downloads, lastDownloadAt: at }).where(eq(accessPackages.id, pkg.id));
    await change({ action: "package_downloaded", data: { download: downloads, of: pkg.downloadLimit } });
    return { trackingNumber: request.trackingNumber };
  });
}
