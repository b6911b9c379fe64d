import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import { correctionStatements } from "../../db/schema/index.js";
import { anonymousRequester } from "../../domain/actor.js";
import type { Jurisdiction } from "../../domain/vocabulary.js";
import { onRequest, type RequestRow } from "../request-lifecycle/index.js";
import { findRequestOfRequester } from "../requester-lookup/find-request.js";

/** Where a refused correction lets the requester file a statement kept with their record (11 CCR §7023(f)). */
const statementJurisdictions: readonly Jurisdiction[] = ["US-CA"];
export const statementWordLimit = 250;

/** Whether a request's answer offers the statement: a California correction with a change refused. */
export function offersCorrectionStatement(request: Pick<RequestRow, "kind" | "jurisdiction" | "correctionReview">) {
  return (
    request.kind === "correction" &&
    statementJurisdictions.includes(request.jurisdiction) &&
    Boolean(request.correctionReview?.some((decision) => !decision.accept))
  );
}

export type StatementFiling =
  | { outcome: "filed"; trackingNumber: string }
  | { outcome: "not_found" | "not_offered" | "filed_already" };

/**
 * Keeps the requester's statement about the corrections refused, once, on the request's trail (without its words:
 * the trail is kept for good, the statement only with the record).
 */
export async function fileCorrectionStatement({
  ctx,
  input,
}: {
  ctx: AppContext;
  input: { trackingNumber: string; email: string; statement: string };
}): Promise<StatementFiling> {
  const found = await findRequestOfRequester(ctx.db, input);
  if (!found) return { outcome: "not_found" };
  return onRequest(
    ctx.db,
    { requestId: found.id, actor: anonymousRequester, at: ctx.now() },
    async ({ tx, request, at, change }) => {
      if (request.status !== "completed" || !offersCorrectionStatement(request)) return { outcome: "not_offered" };
      const [filed] = await tx
        .insert(correctionStatements)
        .values({ requestId: request.id, statement: input.statement, filedAt: at })
        .onConflictDoNothing()
        .returning({ id: correctionStatements.id });
      if (!filed) return { outcome: "filed_already" };
      await change({ action: "correction_statement_filed", data: { words: wordsIn(input.statement) } });
      return { outcome: "filed", trackingNumber: request.trackingNumber };
    },
  );
}

export const wordsIn = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;

/** The statement kept with a request, for the team. */
export async function statementOf(ctx: AppContext, requestId: string) {
  const [statement] = await ctx.db
    .select({ statement: correctionStatements.statement, filedAt: correctionStatements.filedAt })
    .from(correctionStatements)
    .where(eq(correctionStatements.requestId, requestId));
  return statement ?? null;
}
