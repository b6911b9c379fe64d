import type { requests } from "../../db/schema/index.js";

export type RequestRow = typeof requests.$inferSelect;

/** What a new request is opened with; its status, version and trail head are the door's to set. */
export type NewRequestRow = Omit<
  typeof requests.$inferInsert,
  "status" | "version" | "auditHead" | "createdAt" | "updatedAt"
>;

/** What a change may set; identity, status, version and trail head are the door's. */
export type ChangeableFields = Partial<Omit<NewRequestRow, "id" | "trackingNumber" | "receivedAt">>;

/** Fields that hold personal data: the trail records that they changed, never their values (it is kept for good). */
export const personalFields: ReadonlySet<string> = new Set([
  "subjectName",
  "subjectEmail",
  "subjectPhone",
  "subjectAccountId",
  "submitterName",
  "submitterEmail",
  "submitterOrganisation",
  "details",
  "corrections",
] satisfies (keyof RequestRow)[]);
