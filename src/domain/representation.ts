import type { FieldIssue } from "./errors.js";
import { rulesInEffect } from "./jurisdictions/index.js";
import type { AgeBand, IntakeChannel, Jurisdiction, RequestKind, SubmitterRole } from "./vocabulary.js";

/** Marks a reviewer should see on a request at a glance. */
export const requestFlags = [
  "agent",
  "parent",
  "minor",
  "minor_consent_required",
  "minor_sale_banned",
  "minor_data_deletion",
] as const;
export type RequestFlag = (typeof requestFlags)[number];

export interface Representation {
  kind: RequestKind;
  jurisdiction: Jurisdiction;
  ageBand?: AgeBand | undefined;
  submitterRole: SubmitterRole;
  agentAuthority?: "signed_permission" | "power_of_attorney" | undefined;
  /** ISO date the request was received, to pick the rules in force. */
  receivedOn: string;
}

/**
 * The company's policy on authorized agents where no law obliges it to accept them: `where_required` takes them
 * only as the law of the request requires, `everywhere` from anyone the consumer authorised.
 */
export type AgentPolicy = "where_required" | "everywhere";

const youngestAge: Record<AgeBand, number> = { under_13: 0, "13_15": 13, "16_17": 16, adult: 18 };
const optOutLike = (kind: RequestKind) => kind === "opt_out" || kind === "limit_sensitive";

/**
 * Whether the person filing may act for the subject under the rules that bind the request, and the flags that
 * follow. Refusals name the field at fault and the rule, so the requester can put it right.
 */
export function checkRepresentation(
  request: Representation,
  policy: AgentPolicy = "where_required",
): { issues: FieldIssue[]; flags: RequestFlag[] } {
  const issues: FieldIssue[] = [];
  const flags: RequestFlag[] = [];
  const rules = request.jurisdiction === "other" ? undefined : rulesInEffect(request.jurisdiction, request.receivedOn);

  if (request.ageBand === "under_13" && request.submitterRole !== "parent") {
    issues.push({
      field: "submittedBy.role",
      message:
        "a request about a child under 13 must come from a parent or guardian (COPPA; Cal. Civ. Code §1798.120(c))",
    });
  }
  if (request.submitterRole === "authorized_agent") {
    flags.push("agent");
    const required = rules?.agents.value ?? "all";
    // A power of attorney makes the agent the consumer in law (Cal. Prob. Code §4121 ff.; 11 CCR §7063(b)): always taken.
    const declined =
      policy === "where_required" &&
      request.agentAuthority !== "power_of_attorney" &&
      (required === "parent_only" || (required === "opt_out_only" && !optOutLike(request.kind)));
    if (declined) {
      const obliged =
        required === "parent_only"
          ? "does not oblige us to take requests from authorized agents"
          : "obliges us to take an authorized agent's request only to opt out";
      issues.push({
        field: "submittedBy.role",
        message:
          `${rules?.name}'s law ${obliged} (${rules?.agents.cite}), and our policy is to take the others from the ` +
          "consumer, a parent or guardian for a child, or an agent holding a power of attorney",
      });
    }
  }
  if (request.submitterRole === "parent") flags.push("parent");
  if (request.ageBand && request.ageBand !== "adult") {
    flags.push("minor");
    const minors = rules?.minors?.value;
    // A ban is not an opt-in: no consent, the minor's or a parent's, lifts it.
    if (minors && youngestAge[request.ageBand] < minors.belowAge) {
      flags.push(minors.rule === "banned" ? "minor_sale_banned" : "minor_consent_required");
    }
  }
  return { issues, flags };
}

/**
 * Whether the consumer, verifying, must also confirm to us that they gave the agent permission (11 CCR §7063(a)(2)):
 * not for an agent's software over DRP, whose signed message is its attestation of the consumer's permission, the
 * proof §7063(a) lets us ask of an agent; the consumer still verifies their own identity (§7063(a)(1)). A power of
 * attorney asks neither of the consumer (§7063(b)), so such a request is not verified with them at all.
 */
export function consumerConfirmsAgent(filing: { submitterRole: SubmitterRole; channel: IntakeChannel }): boolean {
  return filing.submitterRole === "authorized_agent" && filing.channel !== "drp";
}

export interface Correspondent {
  email: string;
  name: string;
}

/** Who hears from us about a request: the agent or parent who filed it, otherwise the subject. */
export function filerOf(
  subject: Correspondent,
  submitter: { role: SubmitterRole; email?: string | null; name?: string | null },
): Correspondent {
  return submitter.role !== "self" && submitter.email && submitter.name
    ? { email: submitter.email, name: submitter.name }
    : subject;
}
