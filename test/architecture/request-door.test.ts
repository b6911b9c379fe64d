import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const door = "src/modules/request-lifecycle/";

/** Every way the source could write a request or its trail: through drizzle, or in SQL text. */
const writes = [
  /\.(insert|update|delete)\(\s*(requests|requestEvents)\s*\)/g,
  /\binsertJsonRows\(\s*(requests|requestEvents)\b/g,
  /\b(insert\s+into|update|delete\s+from)\s+("?(requests|request_events)"?|\$\{\s*(requests|requestEvents)\s*\})(?=[\s(]|$)/gi,
] as const;

const writesInText = (text: string) =>
  writes.flatMap((pattern) => [...text.matchAll(new RegExp(pattern))].map((match) => match[0]));

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function writesIn(file: string): string[] {
  return writesInText(readFileSync(join(root, file), "utf8")).map((write) => `${file}: ${write}`);
}

describe("the request door", () => {
  const found = sourceFiles("src").flatMap(writesIn);

  it("is the only module that writes requests and their audit events", () => {
    const outside = found.filter((write) => !write.startsWith(door));
    expect(outside).toEqual([]);
  });

  it("is found by the scan itself, so the check above cannot pass for want of looking", () => {
    const inside = found.filter((write) => write.startsWith(door));
    expect(inside.some((write) => /insertJsonRows\(\s*requests\b/.test(write))).toBe(true);
    expect(inside.some((write) => /update\(\s*requests\s*\)/.test(write))).toBe(true);
    expect(inside.some((write) => /insertJsonRows\(\s*requestEvents\b/.test(write))).toBe(true);
  });

  it("recognises a write written in SQL, or through the JSON insert, and not a read", () => {
    expect(writesInText("insertJsonRows(requests, [row])")).toHaveLength(1);
    expect(writesInText("insert into request_events (id) values (1)")).toHaveLength(1);
    // The text of a drizzle `sql` template that interpolates the table: "update ${requests} set ...".
    expect(writesInText(["update $", "{requests} set status = 'denied'"].join(""))).toHaveLength(1);
    expect(writesInText("select * from requests join request_events using (id)")).toEqual([]);
  });
});
