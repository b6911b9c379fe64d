import {
  governingRules,
  type JurisdictionRules,
  type Rights,
  rulesInEffect,
  rulesTable,
} from "./jurisdictions/index.js";
import type { Jurisdiction, RequestKind } from "./vocabulary.js";

/**
 * The rights some laws grant and most do not: a list of the third parties the data went to (Oregon, Minnesota;
 * categories in Delaware and Maryland), questioning a profiling result (Minnesota, Connecticut from 2026-07-01, the
 * GDPR's Art. 22), restriction and objection (the GDPR's Art. 18 and 21). The kinds every law here grants in some
 * form are answered everywhere, as the company's policy promises.
 */
const unevenRights = {
  third_party_list: "thirdPartyList",
  question_profiling: "questionProfiling",
  restriction: "restriction",
  objection: "objection",
} as const satisfies Partial<Record<RequestKind, keyof Rights>>;

/** Whether the company answers the uneven rights only where the law grants them, or wherever it is asked. */
export const rightsHonouredPolicies = ["where_required", "everywhere"] as const;
export type RightsHonoured = (typeof rightsHonouredPolicies)[number];

const unevenRightOf = (kind: RequestKind): keyof Rights | undefined =>
  kind in unevenRights ? unevenRights[kind as keyof typeof unevenRights] : undefined;

/** Whether a row's law grants a kind of request; a law that does not sets no clock for it. */
export function lawGrants(row: JurisdictionRules, kind: RequestKind): boolean {
  const right = unevenRightOf(kind);
  return !right || row.rights[right].value !== "no";
}

/**
 * Why a request cannot be filed under a company that honours the uneven rights only where the law requires: its
 * law does not grant it (an unknown residence has no law to grant it). Names where the law does, so the requester
 * who lives there can say so. Undefined where the request may stand.
 */
export function ungrantedRight(
  request: { kind: RequestKind; jurisdiction: Jurisdiction; receivedOn: string },
  honoured: RightsHonoured,
): string | undefined {
  const right = unevenRightOf(request.kind);
  if (!right || honoured === "everywhere") return undefined;
  const rows = request.jurisdiction === "other" ? [] : governingRules(request.jurisdiction, request.receivedOn);
  if (rows.some((row) => lawGrants(row, request.kind))) return undefined;
  const granting = [...new Set(rulesTable.map((row) => row.jurisdiction))]
    .map((jurisdiction) => rulesInEffect(jurisdiction, request.receivedOn))
    .filter((row): row is JurisdictionRules => row !== undefined && lawGrants(row, request.kind))
    .map((row) => row.name);
  const law = rows[0] ? `The law of ${rows[0].name}` : "No law we know of where you live";
  return `${law} does not give this right, and we answer it only where the law does: ${granting.join(", ")}.`;
}
