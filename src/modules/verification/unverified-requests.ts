import { and, eq, inArray } from "drizzle-orm";
import type { ResolvedConfig } from "../../context.js";
import type { Database } from "../../db/index.js";
import { outbox, verifications } from "../../db/schema/index.js";
import { systemJob } from "../../domain/actor.js";
import { rulesOfRequest } from "../../domain/jurisdictions/index.js";
import { onRequest } from "../request-lifecycle/index.js";
import { replaceVerification } from "./replace-verification.js";

type Settings = Parameters<typeof replaceVerification>[1] & Pick<ResolvedConfig, "PRIVACY_CONTACT_EMAIL">;

const sweep = systemJob("verification-sweep");

/**
 * Reminds a requester who has not proved who they are, once, with a fresh link (the first has expired by now).
 * False when there is nothing to remind: verified, closed, or reminded already (another sweep may have been first).
 */
export function remindUnverified(db: Database, config: Settings, requestId: string, at: Date): Promise<boolean> {
  return onRequest(db, { requestId, actor: sweep, at }, async (work) => {
    if (work.request.status !== "verifying") return false;
    const [already] = await work.tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.requestId, requestId), eq(outbox.template, "verification_reminder")));
    if (already) return false;
    if (!(await replaceVerification(work, config, "verification_reminder"))) return false;
    await work.change({ action: "verification_reminded" });
    return true;
  });
}

/**
 * Closes a request whose requester never proved who they are, as a refusal on that ground, and tells them. Where
 * the rules say so, an unverifiable deletion is met with the offer of an opt-out of sale and sharing instead, which
 * needs no verification.
 */
export function closeUnverified(db: Database, config: Settings, requestId: string, at: Date): Promise<boolean> {
  return onRequest(db, { requestId, actor: sweep, at }, async ({ request, change, owe }) => {
    if (request.status !== "verifying") return false;
    await change({
      action: "closed_unverified",
      to: "denied",
      set: { closedUnverifiedAt: at },
      data: { reason: "identity_not_verified" },
    });
    const offerOptOut =
      request.kind === "deletion" && rulesOfRequest(request)?.unverifiedDeletion?.value === "offer_opt_out";
    await owe({
      template: "closed_unverified",
      key: "closed_unverified",
      payload: {
        kind: request.kind,
        ...(offerOptOut
          ? { offerOptOutUrl: `mailto:${config.PRIVACY_CONTACT_EMAIL}?subject=Opt%20out%20of%20sale%20and%20sharing` }
          : {}),
      },
    });
    return true;
  });
}

/**
 * Removes the personal data of a request closed unverified, once its notice is out, leaving a record that holds
 * none: the request's fields, its messages' addresses and contents, and what its verifications kept.
 */
export function purgeUnverified(db: Database, requestId: string, at: Date): Promise<boolean> {
  return onRequest(db, { requestId, actor: sweep, at }, async ({ tx, request, change }) => {
    if (!request.closedUnverifiedAt || request.purgedAt) return false;
    await change({
      action: "personal_data_purged",
      set: {
        subjectName: "",
        subjectEmail: "",
        subjectPhone: null,
        subjectAccountId: null,
        submitterName: null,
        submitterEmail: null,
        submitterOrganisation: null,
        details: null,
        corrections: null,
        purgedAt: at,
      },
      data: { reason: "closed_unverified" },
    });
    await tx
      .update(outbox)
      .set({ recipient: "", payload: {} })
      .where(inArray(outbox.requestId, [requestId]));
    await tx
      .update(verifications)
      .set({ email: "", declaredName: null, declaredFromIp: null })
      .where(eq(verifications.requestId, requestId));
    return true;
  });
}
