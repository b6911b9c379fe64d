import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { rulesTable } from "../domain/jurisdictions/index.js";
import { rulesReference } from "../domain/jurisdictions/reference.js";

/** `npm run rules:doc` writes docs/jurisdictions.md from the rules table. */
const referenceFile = join(fileURLToPath(new URL("../..", import.meta.url)), "docs", "jurisdictions.md");

await mkdir(dirname(referenceFile), { recursive: true });
await writeFile(referenceFile, rulesReference(rulesTable));
console.log(`Wrote ${referenceFile}`);
