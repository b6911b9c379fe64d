import { and, eq } from "drizzle-orm";
import type { AppContext } from "../../context.js";
import type { Transaction } from "../../db/index.js";
import { type ControllerInstruction, type CorrectionAsked, controllers, requests } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { describeStatus } from "../../domain/lifecycle.js";
import { type ControllerAction, workOfInstruction } from "../../domain/routing.js";
import { openTaskCount, openTasks } from "../fulfilment/tasks.js";
import { controllerEventInsert } from "../outbox/enqueue.js";
import { issuePackage, newPackageLink } from "../packages/issue-package.js";
import { onRequest, type RequestWork } from "../request-lifecycle/index.js";
import type { ActionResult } from "../review/staff-action.js";
import { resultsOfPart } from "./opendsr.js";

export interface Instruction {
  action: ControllerAction;
  /** Why it asks us to do nothing, or anything the trail should keep with the instruction. */
  reason?: string | undefined;
  /** The changes to make, for `correct`; without them, the ones the requester asked for. */
  corrections?: CorrectionAsked[] | undefined;
  /** Whether we write to the requester with the result; otherwise only the controller hears of it. */
  tellRequester?: boolean | undefined;
}

/**
 * Carries out a controller's instruction on one of its routed parts, as the controller, through the request door:
 * the work it names becomes tasks for our data systems (the part does that work from now on, its first kind kept on
 * the trail), to be done as any fulfilment; "no action" and "answered" close the part. A part takes one
 * instruction: it is no longer waiting for one after.
 */
export function instructPart(
  ctx: AppContext,
  call: { requestId: string; controllerId: string; instruction: Instruction },
): Promise<ActionResult> {
  const actor = { type: "controller" as const, id: call.controllerId };
  return onRequest(ctx.db, { requestId: call.requestId, actor, at: ctx.now() }, async (work) => {
    const { tx, request, at, change } = work;
    if (request.status !== "awaiting_controller") {
      throw new DomainError(
        "invalid_transition",
        `This request is ${describeStatus(request.status)}: it is not waiting for instructions.`,
      );
    }
    const { action, reason, tellRequester } = call.instruction;
    const given: ControllerInstruction = {
      action,
      at: at.toISOString(),
      ...(reason ? { reason } : {}),
      ...(tellRequester ? { tellRequester } : {}),
    };
    const controllerInstructions = [...(request.controllerInstructions ?? []), given];
    const kind = workOfInstruction(action, request.kind);
    if (!kind) {
      const version = await change({
        action: "controller_instructed",
        to: "completed",
        set: {
          controllerInstructions,
          outcome: action === "no_action" ? "no_action" : "answered_by_controller",
          decisionExplanation: reason ?? null,
          decidedAt: at,
        },
        data: { action, ...(reason ? { reason } : {}) },
      });
      if (tellRequester && action === "no_action") await tellRequesterOf(work, reason);
      await oweStatusEvent(tx, work, version);
      return { id: request.id, status: "completed", version };
    }
    const corrections = kind === "correction" ? changesOf(call.instruction, request.corrections) : undefined;
    const version = await change({
      action: "controller_instructed",
      to: "fulfilling",
      set: {
        controllerInstructions,
        kind,
        outcome: "fulfilled",
        decidedAt: at,
        ...(kind === "access" || kind === "portability"
          ? { accessScope: request.accessScope ?? "specific_pieces" }
          : {}),
        ...(corrections
          ? { corrections, correctionReview: corrections.map((one) => ({ field: one.field, accept: true })) }
          : {}),
      },
      data: { action, ...(kind !== request.kind ? { work: kind } : {}), ...(reason ? { reason } : {}) },
    });
    await openTasks(tx, request, at, ctx.config);
    await oweStatusEvent(tx, work, version);
    // No system holds data of the kind: nothing to wait for.
    if ((await openTaskCount(tx, request.id)) === 0) return completeRoutedPart(ctx, work);
    return { id: request.id, status: "fulfilling", version };
  });
}

function changesOf(instruction: Instruction, asked: CorrectionAsked[] | null): CorrectionAsked[] {
  const changes = instruction.corrections ?? asked ?? [];
  if (changes.length === 0) {
    throw new DomainError("validation", "Say which changes to make: the requester asked for none.", [
      { field: "corrections", message: "is required for this request" },
    ]);
  }
  return changes;
}

/**
 * The last task of a routed part finished: the part is complete, and the controller (not the requester, unless it
 * said so) hears what was done: its contacts by e-mail, its webhook by a status callback, with the export's link
 * (fetched with its token, valid as long as a requester's package) or the confirmation of each system.
 */
export async function completeRoutedPart(ctx: AppContext, work: RequestWork): Promise<ActionResult> {
  const { tx, request, change, owe } = work;
  const version = await change({ action: "completed", to: "completed" });
  const tellRequester = request.controllerInstructions?.at(-1)?.tellRequester;
  const exported = request.kind === "access" || request.kind === "portability";
  if (exported) await (tellRequester ? issuePackage(ctx, work) : newPackageLink(ctx, work));
  const controller = await controllerOf(tx, request.controllerId);
  const results = await resultsOfPart(tx, request, ctx.config);
  const action = request.controllerInstructions?.at(-1)?.action;
  if (action === "export" || action === "delete" || action === "correct" || action === "opt_out") {
    for (const contact of controller.contacts) {
      await owe({
        template: "controller_results",
        key: `controller_results:${version}:${contact.email.toLowerCase()}`,
        to: contact,
        payload: { controllerName: controller.legalName, action, ...results },
      });
    }
  }
  if (tellRequester) await tellRequesterOf(work);
  await oweStatusEvent(tx, work, version);
  return { id: request.id, status: "completed", version };
}

/** The requester hears the outcome because the controller asked us to tell them. */
async function tellRequesterOf(work: RequestWork, reason?: string): Promise<void> {
  const { request, owe } = work;
  await owe({
    template: "decision",
    key: `decision:${request.version}`,
    payload: {
      kind: request.kind,
      outcome: request.outcome === "no_action" ? "denied" : "fulfilled",
      explanation:
        request.outcome === "no_action"
          ? `${reason ?? "The business that controls this data told us not to act on it."} We act on that data only on its instructions.`
          : "The business that controls this data asked us to do this, and we have done it.",
    },
  });
}

async function controllerOf(tx: Transaction, id: string | null) {
  const [controller] = id ? await tx.select().from(controllers).where(eq(controllers.id, id)) : [];
  if (!controller) throw new Error("A routed part without its controller.");
  return controller;
}

/** Owes the controller's webhook, if it has one, a status callback for the part's new standing. */
export async function oweStatusEvent(tx: Transaction, work: Pick<RequestWork, "request" | "at">, version: number) {
  const controller = await controllerOf(tx, work.request.controllerId);
  if (!controller.webhookUrl) return;
  await tx.execute(
    controllerEventInsert({
      requestId: work.request.id,
      event: "status",
      occasion: String(version),
      webhookUrl: controller.webhookUrl,
      dueAt: work.at,
    }),
  );
}

/**
 * Withdraws a routed part still waiting for its controller, within the transaction of what ends it (the request it
 * was split from withdrawn, or the scope corrected), and owes the controller the `cancelled` status.
 */
export async function cancelPart(tx: Transaction, partId: string, actor: Actor, at: Date, note: string) {
  await onRequest(tx, { requestId: partId, actor, at }, async (work) => {
    if (work.request.status !== "awaiting_controller") return;
    const version = await work.change({ action: "withdrawn", to: "withdrawn", data: { note } });
    await oweStatusEvent(work.tx, work, version);
  });
}

/** The parts of a request still waiting for their controllers. */
export async function waitingPartsOf(tx: Transaction, requestId: string): Promise<string[]> {
  const parts = await tx
    .select({ id: requests.id })
    .from(requests)
    .where(and(eq(requests.routedFrom, requestId), eq(requests.status, "awaiting_controller")));
  return parts.map((part) => part.id);
}
