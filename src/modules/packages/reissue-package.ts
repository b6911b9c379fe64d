import { eq } from "drizzle-orm";
import { accessPackages } from "../../db/schema/index.js";
import { DomainError } from "../../domain/errors.js";
import { type ActionResult, type StaffCall, staffAction } from "../review/staff-action.js";
import { issuePackage } from "./issue-package.js";

/**
 * A new link for a request's access package, sent to the requester (when the old one expired, ran out of downloads
 * or went astray): the old link stops working at once. On the request's trail.
 */
export function reissuePackage(call: StaffCall) {
  return staffAction(call, async (work): Promise<ActionResult> => {
    const [pkg] = await work.tx
      .select({ id: accessPackages.id, issues: accessPackages.issues, purgedAt: accessPackages.recordsPurgedAt })
      .from(accessPackages)
      .where(eq(accessPackages.requestId, work.request.id));
    if (!pkg) throw new DomainError("conflict", "This request has no access package: it is sent once it completes.");
    if (pkg.purgedAt) {
      throw new DomainError(
        "conflict",
        "The records behind this package were deleted after its link expired: ask the requester to file a new request.",
      );
    }
    const version = await work.change({ action: "package_reissued", data: { issue: pkg.issues + 1 } });
    await issuePackage(call.ctx, work);
    return { id: work.request.id, status: work.request.status, version };
  });
}
