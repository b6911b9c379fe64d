import type { AccessScope } from "./verification.js";
import type { RequestKind } from "./vocabulary.js";

/** What a request's package answers: a copy, the categories only (the summary), the third parties, a profiling's data. */
export const packageContents = ["copy", "summary", "third_parties", "profiling"] as const;
export type PackageContents = (typeof packageContents)[number];

export function contentsOf(request: { kind: RequestKind; accessScope: AccessScope | null }): PackageContents {
  if (request.kind === "third_party_list") return "third_parties";
  if (request.kind === "question_profiling") return "profiling";
  return request.accessScope === "categories" ? "summary" : "copy";
}
