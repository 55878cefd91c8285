// No source file over MAX lines: past that a file holds more than one concern. Run by CI beside
// the import rules (.dependency-cruiser.cjs).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const MAX = 400;
const files = readdirSync("src", { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith(".ts"))
  .map((e) => path.join(e.parentPath ?? e.path, e.name));
const long = files
  .map((file) => ({ file, lines: readFileSync(file, "utf8").split("\n").length - 1 }))
  .filter((f) => f.lines > MAX);
for (const f of long) console.error(`${f.file}: ${f.lines} lines (at most ${MAX}): split it by concern`);
if (long.length) process.exit(1);
console.log(`${files.length} source files, none over ${MAX} lines`);
