import { and, count, eq, isNull } from "drizzle-orm";
import { writeAtOnce } from "../../db/one-statement.js";
import { verifications } from "../../db/schema/index.js";
import { receiptDate } from "../../domain/calendar.js";
import { consumerConfirmsAgent } from "../../domain/representation.js";
import { dataPointsTouchedBy, verificationNeeded } from "../../domain/verification.js";
import type { RequestRow, RequestWork } from "../request-lifecycle/index.js";
import { type NewVerification, verificationWrites } from "./start-verification.js";

type Settings = Parameters<typeof verificationWrites>[0];

/** Who filed a request for its subject, as the verification e-mail names them; none when the subject did. */
export function filedByOf(request: RequestRow): NewVerification["filedBy"] {
  if (request.submitterRole === "self") return undefined;
  const name = request.submitterOrganisation ?? request.submitterName ?? "someone acting for you";
  return { role: request.submitterRole, name };
}

/**
 * Supersedes a request's open verification with a new one, sent to the address the first went to (never
 * elsewhere). Used when the requester asks again, which also lifts a lock after five wrong attempts, and by the
 * sweep's reminder, which must carry a fresh link because the first has expired. False when there was none.
 */
export async function replaceVerification(
  { tx, request, at }: RequestWork,
  config: Settings,
  template: NonNullable<NewVerification["template"]>,
): Promise<boolean> {
  const [previous] = await tx
    .select({ email: verifications.email })
    .from(verifications)
    .where(eq(verifications.requestId, request.id))
    .limit(1);
  if (!previous) return false;
  const [{ sent } = { sent: 0 }] = await tx
    .select({ sent: count() })
    .from(verifications)
    .where(eq(verifications.requestId, request.id));
  await tx
    .update(verifications)
    .set({ supersededAt: at })
    .where(and(eq(verifications.requestId, request.id), isNull(verifications.supersededAt)));
  const recipientName = request.submitterRole === "parent" ? request.submitterName : request.subjectName;
  await writeAtOnce(
    tx,
    verificationWrites(config, {
      requestId: request.id,
      trackingNumber: request.trackingNumber,
      receivedAt: request.receivedAt,
      jurisdiction: request.jurisdiction,
      need: verificationNeeded({
        receivedOn: receiptDate(request.receivedAt, config.BUSINESS_TIMEZONE).toString(),
        kind: request.kind,
        jurisdiction: request.jurisdiction,
        accessScope: request.accessScope ?? undefined,
        actingAsParent: request.submitterRole === "parent",
      }),
      recipient: { email: previous.email, name: recipientName || request.subjectName },
      filedBy: filedByOf(request),
      confirmsAgent: consumerConfirmsAgent(request),
      excludedDataPoints: dataPointsTouchedBy(request.corrections),
      now: at,
      sequence: sent + 1,
      template,
    }),
  );
  return true;
}
