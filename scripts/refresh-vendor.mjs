#!/usr/bin/env node
// Refreshes the vendored copies in test/vendor from the shared folder beside the repository (or the
// folder given as the first argument). Tests read only the vendored copies, so a clone of the
// repository alone passes; without the shared folder nothing changes.
//   npm run vendor:refresh [-- /path/to/shared]
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const shared = path.resolve(process.argv[2] ?? path.join(repo, "..", "shared"));
/** Vendored file in test/vendor -> its path in the shared folder. */
const FILES = {
  "openai-openapi.yaml": "openai-openapi.yaml",
  "junit-10.xsd": "schemas/junit-10.xsd",
};

if (!existsSync(shared)) {
  console.log(`vendor:refresh: no ${shared}; the vendored copies stay as they are`);
  process.exit(0);
}
let missing = 0;
for (const [name, from] of Object.entries(FILES)) {
  const source = path.join(shared, from);
  const target = path.join(repo, "test", "vendor", name);
  if (!existsSync(source)) {
    console.error(`vendor:refresh: ${source} not found; test/vendor/${name} unchanged`);
    missing++;
    continue;
  }
  const text = readFileSync(source);
  const same = existsSync(target) && text.equals(readFileSync(target));
  // Written, not copied: a copy would take over the source's read-only mode.
  if (!same) writeFileSync(target, text);
  console.log(`test/vendor/${name}: ${same ? "up to date" : "updated"} from ${source}`);
}
process.exitCode = missing > 0 ? 1 : 0;
