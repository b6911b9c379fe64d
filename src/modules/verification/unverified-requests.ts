import { and, eq, inArray, isNull, lt, or } from "drizzle-orm";
import type { ResolvedConfig } from "../../context.js";
import type { Database } from "../../db/index.js";
import { outbox, requests, verifications } from "../../db/schema/index.js";
import { systemJob } from "../../domain/actor.js";
import { appealWindowCloses } from "../../domain/appeals.js";
import { denialGrounds } from "../../domain/denial-grounds.js";
import { onRequest } from "../request-lifecycle/index.js";
import { decisionNotice } from "../review/decision-notice.js";
import { replaceVerification } from "./replace-verification.js";

type Settings = Parameters<typeof replaceVerification>[1] &
  Parameters<typeof decisionNotice>[0] &
  Pick<ResolvedConfig, "APPEAL_WINDOW_DAYS">;

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
 * Closes a request whose requester never proved who they are: a refusal on that ground like any other, whose
 * notice gives the reason, how to appeal and until when, and where else to go (11 CCR §7021(b) lets California
 * deny it once its 45-day period ends; the sweep waits that long there). Where the law asks, an unverifiable
 * deletion also offers an opt-out of sale and sharing, which needs no verification.
 */
export function closeUnverified(db: Database, config: Settings, requestId: string, at: Date): Promise<boolean> {
  return onRequest(db, { requestId, actor: sweep, at }, async ({ request, change, owe }) => {
    if (request.status !== "verifying") return false;
    const appealBy = appealWindowCloses(at, config.BUSINESS_TIMEZONE, config.APPEAL_WINDOW_DAYS);
    const explanation = "We closed your request because we could not confirm that it came from you.";
    const version = await change({
      action: "closed_unverified",
      to: "denied",
      set: {
        closedUnverifiedAt: at,
        outcome: "denied",
        denialGround: "identity_not_verified",
        decisionExplanation: explanation,
        appealBy,
        decidedAt: at,
      },
      data: { reason: "identity_not_verified", cite: denialGrounds.identity_not_verified.cite },
    });
    await owe({
      template: "closed_unverified",
      key: `closed_unverified:${version}`,
      payload: decisionNotice(config, request, {
        outcome: "denied",
        ground: "identity_not_verified",
        explanation,
        appealBy,
      }),
    });
    return true;
  });
}

/**
 * A refusal for want of verification that can no longer be appealed, or whose appeal was upheld: the requester
 * needs their address on it no more. One reversed or changed on appeal is being answered, and keeps it.
 */
export const appealSettled = (today: string) =>
  or(
    and(eq(requests.status, "denied"), or(isNull(requests.appealBy), lt(requests.appealBy, today))),
    eq(requests.status, "appeal_decided"),
  );

/**
 * Removes the personal data of a request closed unverified, once its notice is out and its appeal settled, leaving a
 * record that holds none: the request's fields, its messages' addresses and contents, and what its verifications kept.
 */
export function purgeUnverified(db: Database, requestId: string, at: Date, today: string): Promise<boolean> {
  return onRequest(db, { requestId, actor: sweep, at }, async ({ tx, request, change }) => {
    const [settled] = await tx
      .select({ id: requests.id })
      .from(requests)
      .where(and(eq(requests.id, requestId), appealSettled(today)));
    if (!request.closedUnverifiedAt || request.purgedAt || !settled) return false;
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
