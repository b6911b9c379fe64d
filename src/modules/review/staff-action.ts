import type { AppContext } from "../../context.js";
import type { Transaction } from "../../db/index.js";
import type { Actor } from "../../domain/actor.js";
import { DomainError } from "../../domain/errors.js";
import { answerPendingStatuses } from "../../domain/lifecycle.js";
import { applyChange, type Change, lockRequest, type RequestRow } from "../requests/move-request.js";
import { type FilerMail, mailFiler } from "../requests/request-mail.js";

export interface StaffActionInput {
  requestId: string;
  /** The version the staff member loaded; a stale one is a 409. */
  version: number;
}

/** How every staff use case is called: who acts, on which request at which version, with what. */
export interface StaffCall<Input = unknown> {
  ctx: AppContext;
  actor: Actor;
  input: StaffActionInput & Input;
}

/** A locked request and the means to change it and write to its filer, within the action's transaction. */
export interface StaffAction {
  tx: Transaction;
  request: RequestRow;
  at: Date;
  /** Applies and audits a change as the acting staff member; returns the new version. */
  change(change: Omit<Change, "actor" | "at">): Promise<number>;
  mail(mail: Omit<FilerMail, "at">): Promise<unknown>;
}

/** Runs a staff action on a locked request at the version the staff member saw, in one transaction. */
export function onRequest<T>({ ctx, actor, input }: StaffCall, work: (action: StaffAction) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    const request = await lockRequest(tx, input.requestId, input.version);
    const at = ctx.now();
    return work({
      tx,
      request,
      at,
      change: (change) => applyChange(tx, request, { ...change, actor, at }),
      mail: (mail) => mailFiler(tx, request, { ...mail, at }),
    });
  });
}

/** Actions that shape the answer (assign, ask, extend) make sense only while an answer is still owed. */
export function assertAnswerPending(request: RequestRow): void {
  if (!(answerPendingStatuses as readonly string[]).includes(request.status)) {
    throw new DomainError("invalid_transition", `A request that is ${request.status} is no longer being answered.`);
  }
}

/** What every action answers: where the request now stands and the version to send with the next change. */
export interface ActionResult {
  id: string;
  status: RequestRow["status"];
  version: number;
}
