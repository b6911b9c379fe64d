import type { RequestFlag } from "../../domain/representation.js";
import type { RequestKind } from "../../domain/vocabulary.js";
import type { QueueFlag } from "../../modules/review/review-queue.js";

/** The privacy team's words on the desk (which speaks English, the team's language). */
export const kindWords: Record<RequestKind, string> = {
  access: "Access",
  portability: "Portable copy",
  correction: "Correction",
  deletion: "Deletion",
  opt_out: "Opt-out",
  opt_in: "Opt-in to sale",
  limit_sensitive: "Limit sensitive data",
  third_party_list: "Third-party list",
  question_profiling: "Question profiling",
  restriction: "Restriction",
  objection: "Objection",
};

export const flagWords: Record<RequestFlag | QueueFlag, string> = {
  agent: "Agent",
  parent: "Parent",
  minor: "Minor",
  minor_consent_required: "Minor: opt-in to sale",
  minor_sale_banned: "Minor: no sale or targeted ads",
  minor_data_deletion: "Child's data to delete",
  routed: "With its controller",
  tasks_behind: "A system is behind",
};

/** An audit action as a phrase: "appeal_received" is "Appeal received". */
export function actionWords(action: string): string {
  const words = action.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
