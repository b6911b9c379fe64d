import { addBusinessDays, type CalendarDate } from "./calendar.js";
import type { DueClock } from "./deadlines.js";
import type { RequestStatus } from "./lifecycle.js";
import type { RequestKind } from "./vocabulary.js";

/**
 * A routed part's clocks. We are the controller's processor, so the law's deadline runs against the controller, not
 * us (Cal. Civ. Code §1798.105(c)(3); GDPR Art. 28(3)(e)): our clock is the contract's forwarding deadline, in
 * business days from receipt, and then the controller's instructions. The law's deadline for the controller's
 * answer is kept beside it, for both of us to read, from the clocks of the request as filed.
 */
export function routedClocks(
  receipt: CalendarDate,
  forwardingBusinessDays: number,
  controllerName: string,
  filedClocks: readonly DueClock[],
): { forwardBy: string; clocks: DueClock[] } {
  const forwardBy = addBusinessDays(receipt, forwardingBusinessDays).toString();
  const answer = controllersAnswerClock(filedClocks);
  return {
    forwardBy,
    clocks: [
      {
        name: "forward_to_controller",
        dueOn: forwardBy,
        basis:
          `Our contract with ${controllerName}: forward a request about data we hold for it within ` +
          `${forwardingBusinessDays} business days of receipt`,
      },
      ...(answer
        ? [
            {
              ...answer,
              basis: `The controller's deadline to answer the requester (${answer.basis}); we act on its instructions by then`,
            },
          ]
        : []),
    ],
  };
}

/** The statutory deadline of the request as filed, or our promise where no statute sets one. */
function controllersAnswerClock(clocks: readonly DueClock[]): DueClock | undefined {
  return (
    clocks.find((clock) => clock.name === "statutory_response") ?? clocks.find((c) => c.name === "company_promise")
  );
}

/**
 * What a forwarded part is due by: the controller's deadline, since what is left for us is to carry out its
 * instructions in time for its answer. Before forwarding it is the forwarding deadline.
 */
export function dueAfterForwarding(clocks: readonly DueClock[], forwardBy: string): { dueOn: string; basis: string } {
  const answer = clocks.find((clock) => clock.name !== "forward_to_controller");
  return answer ?? { dueOn: forwardBy, basis: "The forwarding deadline" };
}

/**
 * What a controller may tell us to do with a routed part: carry out the work it names on the data we hold for it,
 * whatever the requester first asked (a controller answering an access request may want our copy, or ask us to
 * delete), decline to act (with its reason), or tell us that it answered the requester itself.
 */
export const controllerActions = ["export", "delete", "correct", "opt_out", "no_action", "answered"] as const;
export type ControllerAction = (typeof controllerActions)[number];

/** The work an instruction asks of our data systems, as the kind of request that does it. */
export function workOfInstruction(action: ControllerAction, asked: RequestKind): RequestKind | undefined {
  switch (action) {
    case "export":
      // A list of third parties or a profiling's data is exported as what was asked, with its own package words.
      return asked === "portability" || asked === "third_party_list" || asked === "question_profiling"
        ? asked
        : "access";
    case "delete":
      return "deletion";
    case "correct":
      return "correction";
    case "opt_out":
      return asked === "limit_sensitive" || asked === "restriction" || asked === "objection" ? asked : "opt_out";
    default:
      return undefined;
  }
}

/**
 * OpenDSR 2.0's words for a request's type, where it has one (`access`, `portability`, `erasure`); the other kinds
 * travel under our own name in the Rightsdesk extension.
 */
export function openDsrType(kind: RequestKind): "access" | "portability" | "erasure" | undefined {
  if (kind === "access" || kind === "portability") return kind;
  return kind === "deletion" ? "erasure" : undefined;
}

export type OpenDsrStatus = "pending" | "in_progress" | "completed" | "cancelled";

/** OpenDSR 2.0's status of a routed part: waiting for the controller, being carried out, done, or ended unanswered. */
export function openDsrStatus(status: RequestStatus): OpenDsrStatus {
  switch (status) {
    case "fulfilling":
    case "appeal_received":
    case "appeal_decided":
      return "in_progress";
    case "completed":
      return "completed";
    case "denied":
    case "withdrawn":
    case "duplicate":
      return "cancelled";
    default:
      return "pending";
  }
}
