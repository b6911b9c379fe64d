// `npm run build`: plain JavaScript in dist/, from a clean folder, with a stamp that ensure-build.mjs compares.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
rmSync(join(root, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
mkdirSync(join(root, "dist"), { recursive: true });
writeFileSync(join(root, "dist", ".built"), new Date().toISOString());
