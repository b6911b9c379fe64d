import { and, desc, eq, isNotNull } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { requests } from "../../db/schema/index.js";
import type { Correspondent, RequestFlag } from "../../domain/representation.js";
import type { VerificationNeed } from "../../domain/verification.js";
import type { IntakeInput, IntakeReceipt } from "../intake/schemas.js";
import { childDataPolicyBasis, findOpenChildDataDeletion } from "./open-minor-data-deletion.js";

/*
 * A child under 13 who files a request themselves: the company's policy promises the deletion of data collected from
 * a person under 16 whoever tells us of it, so the request opens that deletion, for a reviewer to check and carry out.
 */

export const childReportFlags: RequestFlag[] = ["minor", "minor_data_deletion"];

/** No one is asked to prove who they are: the company acts on its own policy, once a reviewer has checked. */
export const childReportNeed: VerificationNeed = {
  level: "none",
  dataPoints: 0,
  declaration: false,
  basis: `${childDataPolicyBasis}; a reviewer checks the report before anything is deleted`,
};

/** A child's own request as what it opens: the deletion of the data we hold about them, whatever they asked. */
export function childDataDeletionOf(input: IntakeInput): IntakeInput {
  const { subject, jurisdiction, ageBand, details, language } = input;
  return {
    kind: "deletion",
    subject,
    jurisdiction,
    ageBand,
    ...(details ? { details } : {}),
    ...(language ? { language } : {}),
  };
}

/** The parent or guardian who last filed a request for this child, where one has: we know where to tell them. */
export async function knownParentOf(ctx: AppContext, childEmail: string): Promise<Correspondent | undefined> {
  const [parent] = await ctx.db
    .select({ email: requests.submitterEmail, name: requests.submitterName })
    .from(requests)
    .where(
      and(
        eq(requests.subjectEmail, childEmail),
        eq(requests.submitterRole, "parent"),
        isNotNull(requests.submitterEmail),
      ),
    )
    .orderBy(desc(requests.receivedAt))
    .limit(1);
  return parent?.email ? { email: parent.email, name: parent.name ?? "" } : undefined;
}

/** The receipt of the deletion of a child's data still open for this address, as a second report is answered. */
export async function openChildDataDeletionOf(ctx: AppContext, childEmail: string): Promise<IntakeReceipt | undefined> {
  const open = await findOpenChildDataDeletion(ctx, childEmail);
  if (!open) return undefined;
  return {
    id: open.id,
    trackingNumber: open.trackingNumber,
    status: open.status,
    receivedAt: open.receivedAt.toISOString(),
    respondBy: open.respondBy,
    respondByBasis: childDataPolicyBasis,
    clocks: open.clocks,
    verification: { level: open.verificationLevel, basis: open.verificationBasis },
    flags: open.flags,
  };
}
