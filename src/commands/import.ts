import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { MAX } from "../config/limits.js";
import { notAFile, pathKind, pathProblem } from "../config/path-kind.js";
import { action, EXIT, parseNonNegative, parseShare, UsageError } from "./errors.js";

/** What `import` reads, for the line about a path that holds something else (pathProblem). */
const IMPORT_SOURCE = {
  kind: "file",
  what: "a fine-tuning data file",
  give: 'give OpenAI chat JSONL ({"messages": [...]} per line) or a CSV with input,output columns',
} as const;

interface ImportFlags {
  name?: string;
  out?: string;
  holdout?: number;
  seed?: number;
}

/** `data/Support Train.jsonl` → `support-train`: a valid suite name. */
function nameFrom(file: string): string {
  const base = path.basename(file, path.extname(file)).toLowerCase();
  return base.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "imported";
}

async function importFile(file: string, flags: ImportFlags): Promise<number> {
  const { readPairs, importSuite } = await import("../finetune/index.js");
  const { Document, isMap, isSeq } = await import("yaml");
  const name = flags.name ?? nameFrom(file);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name))
    throw new UsageError(`--name ${name}: use lower-case letters, digits and '-'`);
  const problem = pathProblem(file, await pathKind(file), IMPORT_SOURCE);
  if (problem) throw new UsageError(`import: ${problem}`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`import: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`);
  }
  const read = readPairs(file, text);
  // Where it goes is checked once the input is known to be importable: a file that is not is said first.
  const out = flags.out ?? path.join("suites", `${name}.yaml`);
  const outKind = await pathKind(out);
  if (outKind === "directory" || outKind === "other")
    throw new UsageError(
      `import: --out ${notAFile(out, outKind, "a suite file", `give a file such as ${path.join(out, `${name}.yaml`)}`)}`,
    );
  if (outKind === "file")
    throw new UsageError(`import: ${out} exists; nothing was written (give --out or --name)`);
  const { suite, notes } = importSuite(read, {
    name,
    source: file,
    holdout: flags.holdout,
    seed: flags.seed,
  });
  const header = `# Imported by \`tunebench import ${file}\`: edit freely. Held-out cases are named by their line in the file.\n`;
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  // Expectations on one line each, as in the shipped suites: `expect: { json: { category: billing } }`.
  const doc = new Document(suite);
  const cases = doc.get("cases");
  if (isSeq(cases))
    for (const item of cases.items) {
      const expect = isMap(item) ? item.get("expect", true) : null;
      if (isMap(expect)) expect.flow = true;
    }
  writeFileSync(out, header + doc.toString({ lineWidth: 0 }));
  process.stdout.write(
    `wrote ${out}: suite ${name} from ${file} (${read.format})\n${notes.map((n) => `  ${n}\n`).join("")}next: tunebench validate && tunebench run -s ${name}\n`,
  );
  return EXIT.ok;
}

export function registerImportCommand(program: Command): void {
  program
    .command("import")
    .description(
      "make a suite from existing fine-tuning data: examples from one part, held-out cases from the rest",
    )
    .argument("<file>", 'OpenAI chat JSONL ({"messages": [...]} per line) or a CSV with input,output columns')
    .option("--name <name>", "the suite's name (default: from the file name)")
    .option("-o, --out <file>", "where the suite goes (default: suites/<name>.yaml)")
    .option(
      "--holdout <share>",
      "share of the lines held out as cases (default 0.2)",
      parseShare("--holdout"),
    )
    .option(
      "--seed <n>",
      "seed of the split: the same seed holds out the same lines (default 0)",
      parseNonNegative("--seed", MAX.seed),
    )
    .addHelpText(
      "after",
      `
The system prompt becomes the task's instructions; the output format is inferred: JSON when every
answer parses (with a JSON Schema drafted from the answers), else text. Lines that repeat an input
are dropped, held-out lines that nearly repeat an example join the examples (the leakage check of
\`tune prepare\`), and each inference is reported. Multi-turn and tool-call lines are skipped.

Examples:
  tunebench import data/train.jsonl
  tunebench import tickets.csv --name triage --holdout 0.3 --seed 7

Exit codes: 0 written, 2 unreadable, mixed-format, or fewer than 10 usable lines (nothing written).`,
    )
    .action(action(importFile));
}
