import { randomUUID } from "node:crypto";
import { and, arrayContains, eq, inArray } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { writeAtOnce } from "../../db/one-statement.js";
import { requests } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { computeDeadlines } from "../../domain/deadlines.js";
import { answerPendingStatuses } from "../../domain/lifecycle.js";
import type { Jurisdiction } from "../../domain/vocabulary.js";
import { recordEvent } from "../audit/record-event.js";
import { newTrackingNumber } from "../intake/tracking-number.js";

export interface MinorDataReport {
  email: string;
  name?: string | undefined;
  jurisdiction: Jurisdiction;
  ageBand: "under_13" | "13_15";
  /** How the company learned of it, for the audit trail (no personal data). */
  source: string;
}

const policyBasis = "Company policy: personal data of a person under 16 collected unintentionally is deleted at once";

/**
 * The company's own deletion of data it learns it collected from a person under 16. It needs no requester and no
 * verification, is flagged, and is due the day it is opened, so it heads the queue. Reporting the same person again
 * while one is open returns the open one.
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
  const [open] = await ctx.db
    .select({ id: requests.id, trackingNumber: requests.trackingNumber })
    .from(requests)
    .where(
      and(
        eq(requests.subjectEmail, email),
        inArray(requests.status, [...answerPendingStatuses]),
        arrayContains(requests.flags, ["minor_data_deletion"]),
      ),
    );
  if (open) return { ...open, created: false };

  const receivedAt = ctx.now();
  const deadlines = computeDeadlines(
    { kind: "deletion", jurisdiction: input.jurisdiction, receivedAt },
    { timeZone: ctx.config.BUSINESS_TIMEZONE, responsePromiseDays: ctx.config.RESPONSE_PROMISE_DAYS },
  );
  const id = randomUUID();
  const trackingNumber = newTrackingNumber();
  await writeAtOnce(ctx.db, [
    ctx.db.insert(requests).values({
      id,
      trackingNumber,
      kind: "deletion",
      status: "in_review",
      jurisdiction: input.jurisdiction,
      ageBand: input.ageBand,
      channel: "internal",
      subjectName: input.name?.trim() || "(unknown)",
      subjectEmail: email,
      submitterRole: "self",
      verificationLevel: "none",
      verificationBasis: `${policyBasis}; the company opens it, so no one is asked to prove who they are`,
      flags: ["minor", "minor_data_deletion"],
      receivedAt,
      respondBy: deadlines.receiptDate,
      clocks: [
        { name: "company_promise", dueOn: deadlines.receiptDate, basis: policyBasis },
        ...deadlines.clocks.filter((clock) => clock.name !== "company_promise"),
      ],
    }),
    recordEvent(
      ctx.db,
      {
        requestId: id,
        at: receivedAt,
        actor,
        action: "received",
        toStatus: "received",
        data: { channel: "internal", source: input.source },
      },
      {
        requestId: id,
        at: receivedAt,
        actor,
        action: "ready_for_review",
        fromStatus: "received",
        toStatus: "in_review",
        data: { basis: policyBasis },
      },
    ),
  ]);
  return { id, trackingNumber, created: true };
}
