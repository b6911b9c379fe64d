/** What a member of the privacy team may do: decide, review, or only read (auditors). */
export const staffRoles = ["admin", "reviewer", "auditor"] as const;
export type StaffRole = (typeof staffRoles)[number];

/**
 * Who did something; every audit event names one, each kind with its own identity. A requester is anonymous unless
 * they proved control of a credential we sent (a verification's link or code), which the trail then names.
 */
export type Actor =
  | { type: "requester"; credential?: string }
  | { type: "staff"; id: string; role: StaffRole }
  | { type: "controller"; id: string }
  | { type: "data_system"; id: string }
  | { type: "agent"; id: string }
  | { type: "processor"; id: string }
  | { type: "system"; job: string };

export type ActorType = Actor["type"];
export type StaffActor = Extract<Actor, { type: "staff" }>;
export const actorTypes = [
  "requester",
  "staff",
  "controller",
  "data_system",
  "agent",
  "processor",
  "system",
] as const satisfies readonly ActorType[];

export const anonymousRequester: Actor = { type: "requester" };

/** Who made a change and when: what every audited write of the product's own records is given. */
export interface ActedBy {
  actor: Actor;
  at: Date;
}

/** A job of the product itself (a sweep, the CLI), named so the trail says which. */
export const systemJob = (job: string): Actor => ({ type: "system", job });

/** How an actor is stored on an audit event: its kind, its identity where it has one, and a staff member's role. */
export function actorColumns(actor: Actor): {
  actorType: ActorType;
  actorId: string | null;
  actorRole: StaffRole | null;
} {
  switch (actor.type) {
    case "requester":
      return { actorType: actor.type, actorId: actor.credential ?? null, actorRole: null };
    case "staff":
      return { actorType: actor.type, actorId: actor.id, actorRole: actor.role };
    case "system":
      return { actorType: actor.type, actorId: actor.job, actorRole: null };
    default:
      return { actorType: actor.type, actorId: actor.id, actorRole: null };
  }
}
