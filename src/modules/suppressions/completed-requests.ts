import { eq, or } from "drizzle-orm";
import type { Transaction } from "../../db/index.js";
import { subjectRecords } from "../../db/schema/index.js";
import { normaliseIdentifier, scopesOfOptInRequest } from "../../domain/suppression.js";
import { subjectOf } from "../fulfilment/task-job.js";
import type { RequestRow } from "../request-lifecycle/index.js";
import { suppressionInsert } from "./record-suppressions.js";

/**
 * What a completed deletion leaves behind in Rightsdesk itself: the subject's identifiers only as keyed hashes on
 * the suppression list (so a later import or a system's check does not bring them back), and none of the records
 * imported to verify them. Within the work that completes the request.
 */
export async function forgetDeletedSubject(tx: Transaction, request: RequestRow, tokenSecret: string, at: Date) {
  const subject = subjectOf(request);
  const suppression = suppressionInsert(tokenSecret, {
    subject,
    scopes: ["deleted"],
    state: "suppressed",
    requestId: request.id,
    at,
  });
  if (suppression) await tx.execute(suppression);
  await tx
    .delete(subjectRecords)
    .where(
      or(
        eq(subjectRecords.email, normaliseIdentifier("email", subject.email)),
        ...(subject.phone ? [eq(subjectRecords.phone, normaliseIdentifier("phone", subject.phone))] : []),
        ...(subject.accountId
          ? [eq(subjectRecords.accountId, normaliseIdentifier("account_id", subject.accountId))]
          : []),
      ),
    );
}

/**
 * What a completed opt-in leaves: the sale and sharing of the subject's data opted in again for each identifier,
 * beside the opt-outs on record (never over them), within the work that completes the request.
 */
export async function recordOptInOf(tx: Transaction, request: RequestRow, tokenSecret: string, at: Date) {
  const optIn = suppressionInsert(tokenSecret, {
    subject: subjectOf(request),
    scopes: scopesOfOptInRequest,
    state: "opted_in",
    requestId: request.id,
    at,
  });
  if (optIn) await tx.execute(optIn);
}
