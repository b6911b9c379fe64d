import { describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en.js";
import { es } from "../../src/i18n/es.js";
import { translator } from "../../src/i18n/index.js";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") entries.set(`${prefix}${key}`, value);
    else for (const [inner, text] of flatten(value, `${prefix}${key}.`)) entries.set(inner, text);
  }
  return entries;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe("the pages' catalogues", () => {
  const english = flatten(en);
  const spanish = flatten(es as Tree);

  it("have the same keys in both languages", () => {
    expect([...spanish.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("fill every key, with the same placeholders, and translate what differs", () => {
    for (const [key, text] of english) {
      const other = spanish.get(key) ?? "";
      expect(placeholders(other), key).toEqual(placeholders(text));
      // Only a hint with nothing to say is empty, in both.
      expect(other === "", key).toBe(text === "");
    }
    const same = [...english].filter(([key, text]) => text.length > 12 && spanish.get(key) === text);
    expect(same).toEqual([]);
  });

  it("are what a page reads, with values filled in", () => {
    expect(translator("es")("status.systems", { finished: 1, total: 2 })).toBe(
      "1 de 2 de nuestros sistemas han terminado su parte.",
    );
    expect(translator("en")("appeal.filed", { trackingNumber: "RD-1", respondBy: "today" })).toContain("RD-1");
  });
});
