import { eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { CorrectionDecision } from "../../db/schema/index.js";
import { appeals } from "../../db/schema/index.js";
import type { StaffActor } from "../../domain/actor.js";
import { appealWindowCloses } from "../../domain/appeals.js";
import { isDayOver } from "../../domain/calendar.js";
import { type DenialGround, denialGrounds, groundWarnings } from "../../domain/denial-grounds.js";
import { DomainError } from "../../domain/errors.js";
import { rulesOfRequest } from "../../domain/jurisdictions/index.js";
import { openTaskCount, openTasks } from "../fulfilment/tasks.js";
import { whatWasDone } from "../fulfilment/what-was-done.js";
import { issuePackage, packagedKinds } from "../packages/issue-package.js";
import type { RequestRow, RequestWork } from "../request-lifecycle/index.js";
import { completeRoutedPart } from "../routing/instructions.js";
import { forgetDeletedSubject, recordOptInOf } from "../suppressions/completed-requests.js";
import { decisionNotice } from "./decision-notice.js";
import { type ActionResult, assertOursToDecide, type StaffCall, staffAction } from "./staff-action.js";

export interface DenialInput {
  ground: DenialGround;
  /** What the requester reads after the ground: the exception relied on and what was or was not done. */
  explanation: string;
}

/**
 * Refuses a request on a ground from the table, with a written explanation. The notice carries appeal instructions
 * (the company grants an appeal everywhere) and, under the GDPR, the supervisory authority (Art. 12(4)). A ground
 * that may not hold in the request's jurisdiction is accepted but comes back as a warning, and is on the trail.
 */
export function denyRequest(call: StaffCall<DenialInput>) {
  const { ctx, actor, input } = call;
  return staffAction(call, async ({ request, at, change, owe }): Promise<ActionResult & { warnings: string[] }> => {
    assertOursToDecide(request);
    const warnings = groundWarnings(input.ground, rulesOfRequest(request));
    const appealBy = appealWindowCloses(at, ctx.config.BUSINESS_TIMEZONE, ctx.config.APPEAL_WINDOW_DAYS);
    const version = await change({
      action: "denied",
      to: "denied",
      set: decision(actor, at, {
        outcome: "denied",
        denialGround: input.ground,
        decisionExplanation: input.explanation,
        appealBy,
      }),
      data: {
        cite: denialGrounds[input.ground].cite,
        late: isDayOver(request.respondBy, at, ctx.config.BUSINESS_TIMEZONE),
        ...(warnings.length ? { warnings } : {}),
      },
    });
    await owe({
      template: "decision",
      key: `decision:${version}`,
      payload: decisionNotice(ctx.config, request, {
        outcome: "denied",
        ground: input.ground,
        explanation: input.explanation,
        appealBy,
      }),
    });
    return { id: request.id, status: "denied", version, warnings };
  });
}

export interface FulfilmentInput {
  scope: "full" | "partial";
  /** For a partial answer: the ground for the part refused, and the explanation the requester reads. */
  ground?: DenialGround | undefined;
  explanation?: string | undefined;
  /** For a correction: the decision on each change asked for. */
  corrections?: CorrectionDecision[] | undefined;
}

/**
 * Decides to carry out the request, fully or in part, and hands it to fulfilment. The requester hears the decision
 * when fulfilment completes, so the notice says what was actually done.
 */
export function fulfilRequest(call: StaffCall<FulfilmentInput>) {
  const { actor, input } = call;
  return staffAction(call, async ({ tx, request, at, change }): Promise<ActionResult> => {
    assertOursToDecide(request);
    const review = request.kind === "correction" ? reviewOfCorrections(request, input.corrections) : undefined;
    // A refused change is a partial answer, and its reason is the requester's explanation of that part.
    const partial = input.scope === "partial" || Boolean(review?.some((decision) => !decision.accept));
    if (partial && !review && (!input.ground || !input.explanation)) {
      throw new DomainError(
        "validation",
        "A partial answer needs the ground for the part refused and an explanation.",
        [
          ...(input.ground ? [] : [{ field: "ground", message: "is required when scope is partial" }]),
          ...(input.explanation ? [] : [{ field: "explanation", message: "is required when scope is partial" }]),
        ],
      );
    }
    const version = await change({
      action: partial ? "partly_fulfilling" : "fulfilling",
      to: "fulfilling",
      set: {
        ...decision(actor, at, {
          outcome: partial ? "partly_fulfilled" : "fulfilled",
          denialGround: partial ? (input.ground ?? null) : null,
          decisionExplanation: input.explanation ?? null,
          appealBy: null,
        }),
        ...(review ? { correctionReview: review } : {}),
      },
      ...(partial && input.ground ? { data: { cite: denialGrounds[input.ground].cite } } : {}),
    });
    await openTasks(tx, request, at, call.ctx.config);
    return { id: request.id, status: "fulfilling", version };
  });
}

/**
 * A correction's review must decide every change asked for, once, and make at least one: refusing them all is a
 * denial, with its own notice.
 */
function reviewOfCorrections(request: RequestRow, decisions: CorrectionDecision[] | undefined): CorrectionDecision[] {
  const asked = (request.corrections ?? []).map((change) => change.field);
  const given = (decisions ?? []).map((one) => one.field);
  const issues = [
    ...asked
      .filter((field) => !given.includes(field))
      .map((field) => ({ field: "corrections", message: `decide ${field}` })),
    ...given
      .filter((field, i) => !asked.includes(field) || given.indexOf(field) !== i)
      .map((field) => ({ field: "corrections", message: `${field} is not a change asked for, or is decided twice` })),
  ];
  if (issues.length > 0)
    throw new DomainError("validation", "Decide each change the requester asked for, once.", issues);
  if (!decisions?.some((one) => one.accept)) {
    throw new DomainError("validation", "No change is made: refuse the request with deny instead.", [
      { field: "corrections", message: "must make at least one change" },
    ]);
  }
  return decisions.map(({ field, accept, reason }) => ({ field, accept, ...(accept || !reason ? {} : { reason }) }));
}

/**
 * Marks fulfilment done by hand and sends the decision; refused while a data system's task is still open, since the
 * notice must say what was actually done.
 */
export function completeRequest(call: StaffCall) {
  return staffAction(call, async (work): Promise<ActionResult> => {
    const open = await openTaskCount(work.tx, work.request.id);
    if (open > 0) {
      throw new DomainError(
        "conflict",
        `${open === 1 ? "A data system's task is" : `${open} data systems' tasks are`} still open: close ${open === 1 ? "it" : "them"} first.`,
      );
    }
    return completeFulfilment(call.ctx, work);
  });
}

/**
 * Completes a request being fulfilled and sends the decision, within the work on it. A partial answer carries the
 * appeal instructions, unless it is the answer to an appeal already: a request is appealed once.
 */
export async function completeFulfilment(ctx: AppContext, work: RequestWork): Promise<ActionResult> {
  // A routed part's results are the controller's to have, not ours to send the requester.
  if (work.request.controllerId) return completeRoutedPart(ctx, work);
  const { tx, request, at, change, owe } = work;
  const [appealed] = await tx.select({ id: appeals.id }).from(appeals).where(eq(appeals.requestId, request.id));
  const appealable = request.outcome === "partly_fulfilled" && !appealed;
  const appealBy = appealable
    ? appealWindowCloses(at, ctx.config.BUSINESS_TIMEZONE, ctx.config.APPEAL_WINDOW_DAYS)
    : null;
  const version = await change({
    action: "completed",
    to: "completed",
    set: { appealBy },
    data: { late: isDayOver(request.respondBy, at, ctx.config.BUSINESS_TIMEZONE) },
  });
  if (packagedKinds.includes(request.kind)) await issuePackage(ctx, work);
  if (request.kind === "deletion") await forgetDeletedSubject(tx, request, ctx.config.TOKEN_SECRET, at);
  if (request.kind === "opt_in") await recordOptInOf(tx, request, ctx.config.TOKEN_SECRET, at);
  // A request completed again after a reversed appeal owes a second decision, so the key names the version.
  await owe({
    template: "decision",
    key: `decision:${version}`,
    payload: {
      ...decisionNotice(ctx.config, request, {
        outcome: request.outcome === "partly_fulfilled" ? "partly_fulfilled" : "fulfilled",
        ground: request.denialGround ?? undefined,
        explanation: request.decisionExplanation ?? "We have done what you asked.",
        appealBy: appealBy ?? undefined,
      }),
      ...(await whatWasDone(tx, request, ctx.config.PUBLIC_BASE_URL)),
    },
  });
  return { id: request.id, status: "completed", version };
}

function decision(
  actor: StaffActor,
  at: Date,
  fields: Pick<RequestRow, "outcome" | "denialGround" | "decisionExplanation" | "appealBy">,
) {
  return { ...fields, decidedBy: actor.id, decidedAt: at };
}
