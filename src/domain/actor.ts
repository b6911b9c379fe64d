/** Who did something: every audit event names one. */
export const actorTypes = ["requester", "staff", "controller", "data_system", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

export interface Actor {
  type: ActorType;
  /** Staff user, controller or data system id; absent for an anonymous requester or the system. */
  id?: string;
}

export const anonymousRequester: Actor = { type: "requester" };
