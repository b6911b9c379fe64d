import type { Clock, Fact, JurisdictionRules, Rights } from "./types.js";

const rightNames: Record<keyof Rights, string> = {
  access: "Access",
  portability: "Portable copy",
  correction: "Correction",
  deletion: "Deletion",
  optOutSale: "Opt out of sale",
  optOutSharing: "Opt out of sharing (cross-context ads)",
  optOutTargetedAdvertising: "Opt out of targeted advertising",
  optOutProfiling: "Opt out of profiling",
  limitSensitive: "Limit use of sensitive data",
  thirdPartyList: "List of the third parties the data went to",
  questionProfiling: "Question the result of profiling",
  restriction: "Restrict processing",
  objection: "Object to processing",
  appeal: "Appeal",
};

const scopeWords = {
  yes: "yes",
  no: "no",
  provided_data_only: "data the consumer provided only",
  categories_only: "categories of third parties only",
} as const;

const clockNames: Record<keyof JurisdictionRules["clocks"], string> = {
  response: "Response",
  extension: "Extension (after the response clock)",
  acknowledge: "Acknowledge receipt",
  optOut: "Opt-out",
  limitSensitive: "Limit sensitive data",
  appealResponse: "Answer an appeal",
  complaintAcknowledge: "Acknowledge a complaint",
};

function clockWords(clock: Clock): string {
  const unit = clock.unit.replace("_", " ");
  return `${clock.amount} ${clock.amount === 1 ? unit.replace(/s$/, "") : unit}`;
}

const row = (fact: string, value: string, source: Fact<unknown>) =>
  `| ${fact} | ${value} | ${source.cite.replaceAll("|", "\\|")} | ${source.confirmed ? "✔ confirmed" : "unconfirmed"} |`;

function section(rules: JurisdictionRules): string {
  const lines = [
    `## ${rules.name} (${rules.jurisdiction}), from ${rules.effectiveFrom}`,
    "",
    rules.law,
    "",
    "| Fact | Value | Source | Confidence |",
    "| --- | --- | --- | --- |",
    ...(Object.keys(rightNames) as (keyof Rights)[]).map((name) =>
      row(`Right: ${rightNames[name]}`, scopeWords[rules.rights[name].value], rules.rights[name]),
    ),
    ...(Object.keys(clockNames) as (keyof JurisdictionRules["clocks"])[]).flatMap((name) => {
      const clock = rules.clocks[name];
      return clock ? [row(`Clock: ${clockNames[name]}`, clockWords(clock.value), clock)] : [];
    }),
    row("Authorized agents the law obliges us to accept", rules.agents.value.replaceAll("_", " "), rules.agents),
    ...(rules.minors
      ? [
          row(
            "Minors",
            `${rules.minors.value.rule === "banned" ? "banned" : "opt-in consent"} below ${rules.minors.value.belowAge}`,
            rules.minors,
          ),
        ]
      : []),
    row("Identity verification", rules.verification.value.replaceAll("_", " "), rules.verification),
    row("Receipt dated in", rules.timeZone.value, rules.timeZone),
    row("Regulator", `[${rules.regulator.value.name}](${rules.regulator.value.url})`, rules.regulator),
    row(
      "A refusal names the regulator",
      rules.refusalNamesRegulator.value ? "yes" : "no (after an appeal only)",
      rules.refusalNamesRegulator,
    ),
    ...(rules.judicialRemedy ? [row("A refusal names the right to go to court", "yes", rules.judicialRemedy)] : []),
    ...(rules.appealDecisionNamesRegulator
      ? [row("An appeal's decision names the regulator", "whatever the outcome", rules.appealDecisionNamesRegulator)]
      : []),
    row(
      "Disproportionate effort is a ground",
      rules.disproportionateEffort.value ? "yes" : "no",
      rules.disproportionateEffort,
    ),
    ...(rules.refusedDeletion
      ? [row("A refused or unverifiable deletion", "asks about an opt-out of sale and sharing", rules.refusedDeletion)]
      : []),
    ...(rules.unverifiedCloseFloorDays
      ? [
          row(
            "An unverified request closes",
            `not before ${rules.unverifiedCloseFloorDays.value} days`,
            rules.unverifiedCloseFloorDays,
          ),
        ]
      : []),
  ];
  return lines.join("\n");
}

/** The rules table in words, with every value's source and how sure it is: docs/jurisdictions.md. */
export function rulesReference(table: readonly JurisdictionRules[]): string {
  const unconfirmed = table.flatMap((rules) => factsOf(rules)).filter((fact) => !fact.confirmed).length;
  const total = table.flatMap((rules) => factsOf(rules)).length;
  return [
    "# Jurisdiction rules",
    "",
    "Generated from `src/domain/jurisdictions/` by `npm run rules:doc`; do not edit it by hand. A test fails when it",
    "no longer matches the table.",
    "",
    "Every value the product applies to a request, with its source and how sure it is: **✔ confirmed** values were",
    "checked against the statute or regulation, or a summary quoting it; **unconfirmed** ones are placeholders until",
    `counsel reads the text (${unconfirmed} of ${total} here). Each row governs requests received on or after its date;`,
    "an amendment is a new row.",
    "",
    "Beyond the table:",
    "- Every deadline is the earliest of the company's promise (`RESPONSE_PROMISE_DAYS`, 30 days by default) and each",
    "  statutory clock; business days skip weekends and the federal holidays of 5 U.S.C. 6103.",
    "- Day 0 is the date of receipt in the company's time zone (`BUSINESS_TIMEZONE`) or in the row's own zone,",
    "  whichever is earlier, so no clock runs later than a local reading of the law.",
    "- Where the residence is unknown, or is a place with no privacy law here, every row in force applies and each",
    "  clock takes the strictest of them, as does identity verification.",
    "- Where the law sets no appeal clock, the company answers appeals in 45 days, which meets every state's clock",
    "  without an extension.",
    "",
    ...table.map((rules) => `${section(rules)}\n`),
  ].join("\n");
}

function factsOf(rules: JurisdictionRules): Fact<unknown>[] {
  return [
    ...Object.values(rules.rights),
    ...Object.values(rules.clocks),
    rules.agents,
    ...(rules.minors ? [rules.minors] : []),
    rules.verification,
    rules.timeZone,
    rules.regulator,
    rules.refusalNamesRegulator,
    ...(rules.judicialRemedy ? [rules.judicialRemedy] : []),
    ...(rules.appealDecisionNamesRegulator ? [rules.appealDecisionNamesRegulator] : []),
    rules.disproportionateEffort,
    ...(rules.refusedDeletion ? [rules.refusedDeletion] : []),
    ...(rules.unverifiedCloseFloorDays ? [rules.unverifiedCloseFloorDays] : []),
  ];
}
