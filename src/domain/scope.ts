/**
 * Whose data a request is about. The company holds some data as its own business, and some as a processor (service
 * provider) for business customers, the controllers (Cal. Civ. Code §1798.140(ag); GDPR Art. 28): a request about
 * the latter goes to the controller, which decides, and we follow its instructions (Cal. Civ. Code §1798.105(c)(3);
 * GDPR Art. 28(3)(e)).
 */

/** What ties a person's data to a controller: its accounts or tenants in our product, its workforce's domains, or a list. */
export const controllerKeyKinds = ["account_id", "tenant_id", "email_domain", "subject"] as const;
export type ControllerKeyKind = (typeof controllerKeyKinds)[number];

/** A controller whose keys the request's subject matched, and by which. */
export interface ControllerMatch {
  controllerId: string;
  matchedBy: ControllerKeyKind[];
}

export interface Scope {
  /** Some of the data is the company's own: that part proceeds as any request. */
  ours: boolean;
  /** The controllers whose processor-held data it concerns, each to receive a part of its own. */
  controllers: ControllerMatch[];
  /** Why, in words for the trail and the reviewer. */
  basis: string;
}

/**
 * The scope of a request from the controllers its subject matched and whether the company knows the subject in its
 * own right (as its own customer or user). No match: ours alone. Matches: each controller's, and ours too when the
 * company also holds the subject's data for itself. Pure: the keys are looked up before, the decision is here.
 */
export function decideScope(matches: ControllerMatch[], knownInOwnRight: boolean): Scope {
  const controllers = [...matches]
    .filter((match) => match.matchedBy.length > 0)
    .sort((a, b) => a.controllerId.localeCompare(b.controllerId));
  if (controllers.length === 0) {
    return { ours: true, controllers: [], basis: "No business customer's keys match the subject: our own data." };
  }
  const by = controllers.map((match) => `${match.controllerId} (by ${match.matchedBy.join(", ")})`).join("; ");
  return {
    ours: knownInOwnRight,
    controllers,
    basis: knownInOwnRight
      ? `Held for business customers ${by}, and by us in our own right.`
      : `Held only for business customers: ${by}.`,
  };
}

/** The part of an e-mail address a workforce domain key is compared with: lower case, after the last @. */
export function emailDomainOf(email: string): string {
  return email
    .slice(email.lastIndexOf("@") + 1)
    .trim()
    .toLowerCase();
}
