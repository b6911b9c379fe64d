/** Who did something: every audit event names one. */
export const actorTypes = ["requester", "staff", "controller", "data_system", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

/** What a member of the privacy team may do: decide, review, or only read (auditors). */
export const staffRoles = ["admin", "reviewer", "auditor"] as const;
export type StaffRole = (typeof staffRoles)[number];

export interface Actor {
  type: ActorType;
  /** Staff user, controller or data system id; absent for an anonymous requester or the system. */
  id?: string;
  role?: StaffRole;
}

export const anonymousRequester: Actor = { type: "requester" };
