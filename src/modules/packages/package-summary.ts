import type { AccessPeriod } from "../../domain/access-period.js";
import { readableDay, readableInstant } from "../../domain/calendar.js";
import { type DataCategory, dataCategories, type HeldCategory } from "../../domain/data-categories.js";
import { type WithheldKind, withheldKinds } from "../../domain/withheld-identifiers.js";

/** What the summary says of one category: from the systems that hold it, and what the package has of it. */
export interface CategorySummary {
  category: DataCategory;
  sources: string[];
  purposes: string[];
  recipients: string[];
  heldIn: string[];
  /** Records in the package; absent in a summary-only package. */
  records?: number;
}

export interface SummaryFacts {
  companyName: string;
  trackingNumber: string;
  receivedAt: Date;
  generatedAt: Date;
  timeZone: string;
  period: AccessPeriod;
  summaryOnly: boolean;
  categories: CategorySummary[];
  /** Identifiers collected but withheld, by kind, with the systems that hold them. */
  withheld: { kind: WithheldKind; heldIn: string[] }[];
}

/** Merges the categories the systems that hold the subject's data declare, for the summary. */
export function summariseCategories(
  systems: { name: string; categories: HeldCategory[] }[],
  records: Map<DataCategory, number> | undefined,
): CategorySummary[] {
  const merged = new Map<DataCategory, CategorySummary>();
  for (const system of systems) {
    for (const held of system.categories) {
      const summary = merged.get(held.category) ?? {
        category: held.category,
        sources: [],
        purposes: [],
        recipients: [],
        heldIn: [],
        ...(records ? { records: records.get(held.category) ?? 0 } : {}),
      };
      addNew(summary.sources, held.sources ?? []);
      addNew(summary.purposes, held.purposes);
      addNew(summary.recipients, held.recipients);
      addNew(summary.heldIn, [system.name]);
      merged.set(held.category, summary);
    }
  }
  return [...merged.values()].sort((a, b) => a.category.localeCompare(b.category));
}

function addNew(list: string[], items: string[]) {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => escapes[char] as string);
const listOf = (items: string[], none: string) =>
  items.length ? `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join("")}</ul>` : `<p>${none}</p>`;

/**
 * The readable summary of an access package: the categories of personal data held, their sources, purposes and
 * recipients (Cal. Civ. Code §1798.110(a), (c); GDPR Art. 15(1)), the period covered, and the identifiers that were
 * collected but may not be disclosed. Every value is escaped: names and purposes are the company's own text.
 */
export function summaryHtml(facts: SummaryFacts): string {
  const period = facts.period.from
    ? `from ${readableDay(facts.period.from)} to ${readableDay(facts.period.to)} (${escapeHtml(facts.period.basis)})`
    : `${escapeHtml(facts.period.basis)}, up to ${readableDay(facts.period.to)}`;
  const categories = facts.categories.length
    ? facts.categories
        .map(
          (summary) => `<section>
  <h2>${escapeHtml(dataCategories[summary.category])}</h2>
  ${summary.records === undefined ? "" : `<p>${summary.records.toLocaleString("en-US")} ${summary.records === 1 ? "record" : "records"} in this package (<code>${summary.category}.csv</code>).</p>`}
  <h3>Where it comes from</h3>${listOf(summary.sources, "Not recorded by the systems that hold it.")}
  <h3>Why we use it</h3>${listOf(summary.purposes, "Not recorded.")}
  <h3>Who receives it</h3>${listOf(summary.recipients, "No one outside the company.")}
  <h3>Where we keep it</h3>${listOf(summary.heldIn, "")}
</section>`,
        )
        .join("\n")
    : "<p>We found no personal data about you in our systems.</p>";
  const withheld = facts.withheld.length
    ? `<section>
  <h2>Collected, but not disclosed</h2>
  <p>We hold these about you, and the law forbids us to send them, even to you, in case this copy goes astray:</p>
  <ul>${facts.withheld.map((one) => `<li>${escapeHtml(withheldKinds[one.kind])} (kept in ${escapeHtml(one.heldIn.join(", "))})</li>`).join("")}</ul>
</section>`
    : "";
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Your personal data · ${escapeHtml(facts.companyName)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1f2933}h2{margin-top:2rem}</style>
</head>
<body>
<h1>Your personal data held by ${escapeHtml(facts.companyName)}</h1>
<p>Request ${escapeHtml(facts.trackingNumber)}, received ${escapeHtml(readableInstant(facts.receivedAt, facts.timeZone))}. This summary was made ${escapeHtml(readableInstant(facts.generatedAt, facts.timeZone))}.</p>
<p>It covers ${period}.</p>
${facts.summaryOnly ? "<p>You asked for the categories of data we hold: this summary is our answer.</p>" : "<p>The data itself is in <code>data.json</code> (all of it, for programs) and in one CSV file per category (for spreadsheets).</p>"}
${categories}
${withheld}
</body>
</html>
`;
}
