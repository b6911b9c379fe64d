import { randomUUID } from "node:crypto";
import { and, arrayContains, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { isUniqueViolation } from "../../db/errors.js";
import { requests } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { computeDeadlines, type Deadlines } from "../../domain/deadlines.js";
import { answerPendingStatuses } from "../../domain/lifecycle.js";
import type { Jurisdiction } from "../../domain/vocabulary.js";
import { newTrackingNumber } from "../intake/tracking-number.js";
import { openRequest } from "../request-lifecycle/index.js";

export interface MinorDataReport {
  email: string;
  name?: string | undefined;
  jurisdiction: Jurisdiction;
  ageBand: "under_13" | "13_15";
  /** How the company learned of it, for the audit trail (no personal data). */
  source: string;
}

export const childDataPolicyBasis =
  "Company policy: personal data of a person under 16 collected unintentionally is deleted at once";

/** A child's data deletion is due the day it is opened, by the company's policy; the law's clocks stay beside it. */
export function childDataDeletionClocks(
  deadlines: Deadlines,
): Pick<Deadlines, "respondBy" | "respondByBasis" | "clocks"> {
  return {
    respondBy: deadlines.receiptDate,
    respondByBasis: childDataPolicyBasis,
    clocks: [
      { name: "company_promise", dueOn: deadlines.receiptDate, basis: childDataPolicyBasis },
      ...deadlines.clocks.filter((clock) => clock.name !== "company_promise"),
    ],
  };
}

/**
 * The company's own deletion of data it learns it collected from a person under 16. It needs no requester and no
 * verification, is flagged, and is due the day it is opened, so it heads the queue. Reporting the same person again
 * while one is open returns the open one; a unique index makes that hold for reports that arrive at once.
 */
export async function openMinorDataDeletion({
  ctx,
  actor,
  input,
}: {
  ctx: AppContext;
  actor: Actor;
  input: MinorDataReport;
}): Promise<{ id: string; trackingNumber: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const open = await findOpenChildDataDeletion(ctx, email);
  if (open) return { id: open.id, trackingNumber: open.trackingNumber, created: false };

  const receivedAt = ctx.now();
  const deadlines = computeDeadlines(
    { kind: "deletion", jurisdiction: input.jurisdiction, receivedAt },
    { timeZone: ctx.config.BUSINESS_TIMEZONE, responsePromiseDays: ctx.config.RESPONSE_PROMISE_DAYS },
  );
  const due = childDataDeletionClocks(deadlines);
  const id = randomUUID();
  const trackingNumber = newTrackingNumber();
  try {
    await openRequest(ctx.db, {
      request: {
        id,
        trackingNumber,
        kind: "deletion",
        jurisdiction: input.jurisdiction,
        ageBand: input.ageBand,
        channel: "internal",
        subjectName: input.name?.trim() || "(unknown)",
        subjectEmail: email,
        submitterRole: "self",
        verificationLevel: "none",
        verificationBasis: `${childDataPolicyBasis}; the company opens it, so no one is asked to prove who they are`,
        flags: ["minor", "minor_data_deletion"],
        receivedAt,
        respondBy: due.respondBy,
        clocks: due.clocks,
        rulesVersion: deadlines.rulesVersion,
      },
      actor,
      received: { channel: "internal", source: input.source },
      firstMove: { to: "in_review", action: "ready_for_review", actor, data: { basis: childDataPolicyBasis } },
    });
  } catch (error) {
    // Another report of the same person opened one first: that one answers both.
    const opened =
      isUniqueViolation(error, "requests_one_open_minor_data_deletion") &&
      (await findOpenChildDataDeletion(ctx, email));
    if (opened) return { id: opened.id, trackingNumber: opened.trackingNumber, created: false };
    throw error;
  }
  return { id, trackingNumber, created: true };
}

/** The deletion of this child's data still being answered, if one is. */
export async function findOpenChildDataDeletion(ctx: AppContext, email: string) {
  const [open] = await ctx.db
    .select()
    .from(requests)
    .where(
      and(
        eq(requests.subjectEmail, email),
        inArray(requests.status, [...answerPendingStatuses]),
        arrayContains(requests.flags, ["minor_data_deletion"]),
      ),
    );
  return open;
}
