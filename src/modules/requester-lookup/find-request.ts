import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Executor } from "../../db/index.js";
import { appeals, requests } from "../../db/schema/index.js";
import type { RequestStatus } from "../../domain/lifecycle.js";
import type { Jurisdiction, RequestKind } from "../../domain/vocabulary.js";
import { sameDigest, sha256Hex } from "../../security/secrets.js";

export interface RequestStanding {
  trackingNumber: string;
  kind: RequestKind;
  status: RequestStatus;
  receivedAt: Date;
  /** The day we answer by: the request's, or while an appeal is pending, the appeal's own. */
  respondBy: string;
}

/**
 * Where a request stands, for whoever knows both its tracking number and the e-mail address it was filed with
 * (the subject's or the agent's). A wrong pair and an unknown number give the same answer: none.
 */
export async function lookupStatus({
  ctx,
  input,
}: {
  ctx: AppContext;
  input: { trackingNumber: string; email: string };
}): Promise<RequestStanding | undefined> {
  const found = await findRequestOfRequester(ctx.db, input);
  if (!found) return undefined;
  const { id, jurisdiction, ...standing } = found;
  if (standing.status !== "appeal_received") return standing;
  const [appeal] = await ctx.db.select({ respondBy: appeals.respondBy }).from(appeals).where(eq(appeals.requestId, id));
  return { ...standing, respondBy: appeal?.respondBy ?? standing.respondBy };
}

/**
 * The request with this tracking number, if the e-mail address is the subject's or the filer's. A wrong address
 * and an unknown number look the same, and the addresses are compared in constant time either way.
 */
export async function findRequestOfRequester(
  db: Executor,
  input: { trackingNumber: string; email: string },
): Promise<(RequestStanding & { id: string; jurisdiction: Jurisdiction }) | undefined> {
  const [found] = await db
    .select({
      id: requests.id,
      trackingNumber: requests.trackingNumber,
      jurisdiction: requests.jurisdiction,
      kind: requests.kind,
      status: requests.status,
      receivedAt: requests.receivedAt,
      respondBy: requests.respondBy,
      subjectEmail: requests.subjectEmail,
      submitterEmail: requests.submitterEmail,
    })
    .from(requests)
    .where(eq(requests.trackingNumber, input.trackingNumber.trim().toUpperCase()));
  const given = sha256Hex(input.email.trim().toLowerCase());
  // Compare digests of equal length in constant time, whether or not a request was found.
  const matches = [found?.subjectEmail ?? "", found?.submitterEmail ?? ""].some(
    (email) => email.length > 0 && sameDigest(sha256Hex(email), given),
  );
  if (!found || !matches) return undefined;
  const { subjectEmail, submitterEmail, ...standing } = found;
  return standing;
}
