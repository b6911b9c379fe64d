/** One line of the chaos suite's table: what was tried, what was seen, what it must be. */
export interface Finding {
  check: string;
  seen: string;
  goal: string;
  ok: boolean;
}

export function printTable(findings: Finding[]): void {
  const columns = ["check", "seen", "goal"] as const;
  const widths = columns.map((column) => Math.max(column.length, ...findings.map((finding) => finding[column].length)));
  const line = (cells: string[], mark: string) =>
    `${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join("  ")}  ${mark}`;
  console.log(line([...columns], ""));
  console.log(
    line(
      widths.map((width) => "-".repeat(width)),
      "",
    ),
  );
  for (const finding of findings) {
    console.log(line([finding.check, finding.seen, finding.goal], finding.ok ? "ok" : "FAILED"));
  }
}

export const count = (n: number) => n.toLocaleString("en-US");
export const secondsOf = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
