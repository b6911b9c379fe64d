import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { AppContext } from "../../context.js";
import { type drpAgents, requests } from "../../db/schema/index.js";
import type { Actor } from "../../domain/actor.js";
import { checkClaims, type DrpRefusal, drpRefusalMessages, openSigned } from "../../domain/drp.js";
import { type ExerciseStatus, exerciseStatus } from "../../domain/drp-status.js";
import { DomainError } from "../../domain/errors.js";
import { isAnswerPending } from "../../domain/lifecycle.js";
import { emailAddress, line, paragraph } from "../../http/shared-schemas.js";
import { callbackUrlProblem } from "../../security/callback-url.js";
import { drpIntakeBody, type IntakeInput } from "../intake/schemas.js";
import { submitRequest } from "../intake/submit-request.js";
import { onRequest } from "../request-lifecycle/index.js";
import { withdraw } from "../review/close-request.js";
import { verificationPageOf } from "./callbacks.js";

type Agent = typeof drpAgents.$inferSelect;

/** What DRP 1.0 §2.03's exercise message may claim beyond the common claims, and what we use of it. */
const exerciseClaims = z.object({
  exercise: z.enum(["sale:opt-out", "sale:opt-in", "deletion", "access", "access:categories", "access:specific"]),
  regime: z.string().max(50).optional(),
  status_callback: line(2_000).optional(),
  agent_request_id: line(200).optional(),
  name: line(200).optional(),
  email: line(254),
  email_verified: z.boolean().optional(),
  phone_number: line(50).optional(),
  address: z.unknown().optional(),
  power_of_attorney: z.unknown().optional(),
});
type ExerciseClaims = z.infer<typeof exerciseClaims>;

/** A refusal of an agent's call, in DRP's error shape, with the HTTP status it is answered with. */
export class DrpProblem extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
    readonly code: string,
    message: string,
    readonly fatal = true,
  ) {
    super(message);
  }
}

const agentActor = (agent: Agent): Actor => ({ type: "agent", id: agent.id });

/**
 * Where we write to the agent as the request's filer (its acknowledgement, a copy of the answer): the directory's
 * technical contact, else its business contact, when it is an e-mail address. With neither, we write to the
 * consumer alone, and the agent follows the request by its status and callbacks.
 */
function contactEmailOf(agent: Agent): string | undefined {
  // A contact is often written "Name <address>": the address is what is between the brackets, or the whole.
  return [agent.technicalContact, agent.businessContact]
    .map((contact) => emailAddress.safeParse(/<([^>]+)>/.exec(contact ?? "")?.[1] ?? contact ?? ""))
    .find((parsed) => parsed.success)?.data;
}

/** The intake's own input for an exercise: the rights and the regime mapped to ours, the agent as the filer. */
function intakeOfExercise(claims: ExerciseClaims, agent: Agent): unknown {
  const kinds: Record<ExerciseClaims["exercise"], Partial<IntakeInput>> = {
    "sale:opt-out": { kind: "opt_out", optOutScopes: ["sale", "sharing"] },
    "sale:opt-in": { kind: "opt_in" },
    deletion: { kind: "deletion" },
    access: { kind: "access", accessScope: "specific_pieces" },
    "access:specific": { kind: "access", accessScope: "specific_pieces" },
    "access:categories": { kind: "access", accessScope: "categories" },
  };
  const contact = contactEmailOf(agent);
  const address =
    typeof claims.address === "string" ? claims.address : claims.address ? JSON.stringify(claims.address) : undefined;
  return {
    ...kinds[claims.exercise],
    // CCPA is California's; a voluntary request (or none named) is under the company's own rules.
    jurisdiction: claims.regime === "ccpa" ? "US-CA" : "other",
    subject: {
      name: claims.name?.trim() || claims.email,
      email: claims.email,
      ...(claims.phone_number ? { phone: claims.phone_number } : {}),
    },
    submittedBy: {
      role: "authorized_agent",
      name: agent.name,
      ...(contact ? { email: contact } : {}),
      organisation: agent.name,
      authority: claims.power_of_attorney ? "power_of_attorney" : "signed_permission",
    },
    ...(address ? { details: `Postal address the agent gave: ${address.slice(0, 1_000)}` } : {}),
  };
}

function opened(body: string, agent: Agent, ctx: AppContext, checkTimes: boolean) {
  const message = openSigned(body, agent.verifyKey);
  if ("refusal" in message) throw refusalOf(message.refusal);
  if (checkTimes) {
    const refusal = checkClaims(message.claims, {
      agentId: agent.id,
      businessId: ctx.config.DRP_BUSINESS_ID,
      now: ctx.now(),
    });
    if (refusal) throw refusalOf(refusal);
  }
  return message.claims;
}

function refusalOf(refusal: DrpRefusal): DrpProblem {
  const status = refusal === "bad_signature" || refusal === "agent_mismatch" ? 403 : 400;
  return new DrpProblem(status, refusal, drpRefusalMessages[refusal]);
}

/** The Exercise Status object of one of an agent's requests, with where the consumer confirms it. */
function statusOf(ctx: AppContext, request: typeof requests.$inferSelect): ExerciseStatus {
  return exerciseStatus(request, verificationPageOf(ctx.config, request.trackingNumber));
}

/**
 * Files an agent's signed exercise through the request door, with channel `drp`: the same intake rules, clocks,
 * verification and acknowledgement as any request, the agent as its filer and as the trail's actor. The same
 * signed message sent again is the same request.
 */
export async function fileExercise(ctx: AppContext, agent: Agent, body: string): Promise<ExerciseStatus> {
  const claims = exerciseClaims.safeParse(opened(body, agent, ctx, true));
  if (!claims.success) {
    const field = claims.error.issues[0]?.path.join(".") || "message";
    throw new DrpProblem(400, "invalid_claims", `The claim ${field} is missing or invalid.`);
  }
  const callback = claims.data.status_callback;
  const problem = callback ? callbackUrlProblem(callback, ctx.config.DRP_CALLBACK_ALLOW_INSECURE) : undefined;
  if (problem) throw new DrpProblem(400, "invalid_status_callback", `The status_callback ${problem}.`);
  const input = drpIntakeBody.safeParse(intakeOfExercise(claims.data, agent));
  if (!input.success) {
    const field = input.error.issues[0]?.path.join(".") ?? "";
    throw new DrpProblem(
      400,
      "invalid_claims",
      `The claims do not make a request: ${field} ${input.error.issues[0]?.message ?? ""}`.trim(),
    );
  }
  try {
    const { receipt } = await submitRequest({
      ctx,
      input: input.data,
      channel: "drp",
      receivedFrom: agentActor(agent),
      idempotencyKey: `drp:${agent.id}:${createHash("sha256").update(body.trim()).digest("hex")}`,
      drp: {
        agentId: agent.id,
        agentRequestId: claims.data.agent_request_id,
        statusCallback: callback,
      },
    });
    return readExercise(ctx, agent, receipt.id);
  } catch (error) {
    if (error instanceof DomainError && error.code === "validation") {
      throw new DrpProblem(
        400,
        "invalid_claims",
        error.issues[0] ? `${error.issues[0].field} ${error.issues[0].message}` : error.message,
      );
    }
    throw error;
  }
}

/** Where one of the agent's requests stands; another agent's, or none, is not found. */
export async function readExercise(ctx: AppContext, agent: Agent, requestId: string): Promise<ExerciseStatus> {
  const [request] = z.uuid().safeParse(requestId).success
    ? await ctx.db
        .select()
        .from(requests)
        .where(and(eq(requests.id, requestId), eq(requests.drpAgentId, agent.id)))
    : [];
  if (!request) throw new DrpProblem(404, "not_found", "No request of this agent has that id.");
  return statusOf(ctx, request);
}

/**
 * Revokes one of the agent's requests at the consumer's word (a signed `{"reason"}`): it is withdrawn, on the
 * trail with the agent as actor and the reason, and its status is `revoked` for good. An answered request is final.
 */
export async function revokeExercise(
  ctx: AppContext,
  agent: Agent,
  requestId: string,
  body: string,
): Promise<ExerciseStatus> {
  await readExercise(ctx, agent, requestId);
  const claims = z.object({ reason: paragraph(2_000).optional() }).safeParse(opened(body, agent, ctx, false));
  if (!claims.success) throw new DrpProblem(400, "invalid_claims", "The revocation's reason must be text.");
  const reason = claims.data.reason?.trim() || "No reason given.";
  await onRequest(ctx.db, { requestId, actor: agentActor(agent), at: ctx.now() }, async (work) => {
    if (!isAnswerPending(work.request.status)) {
      throw new DrpProblem(
        400,
        "final_status",
        "This request is already answered or closed; it cannot be revoked.",
        true,
      );
    }
    await withdraw(work, agentActor(agent), `Revoked by the agent ${agent.id}: ${reason}`);
  });
  return readExercise(ctx, agent, requestId);
}
