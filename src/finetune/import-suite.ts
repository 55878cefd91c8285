// `tunebench import`: a suite from existing fine-tuning data, the reverse of `tune prepare`: a
// seeded split into examples and held-out cases that never overlap (import-split), the task
// inferred from the data (import-infer), and every inference reported.
import type { z } from "zod";
import { SuiteSchema } from "../config/index.js";
import { inferInstructions, inferOutput } from "./import-infer.js";
import { ImportError, plural, type ReadPairs } from "./import-read.js";
import { type SplitOptions, splitPairs, uniqueInputs } from "./import-split.js";

/** Fewer lines make neither a few-shot prompt nor a held-out set worth measuring. */
export const MIN_IMPORT_LINES = 10;

export type ImportOptions = SplitOptions;

export interface ImportedSuite {
  /** As written to the file: only what the data says (the loader fills in the defaults). */
  suite: z.input<typeof SuiteSchema>;
  /** What was inferred and what was dropped, one line each. */
  notes: string[];
}

function skippedText({ skipped }: ReadPairs): string {
  const shown = skipped.slice(0, 3).map((s) => `line ${s.line}: ${s.why}`);
  return `${plural(skipped.length, "line")} skipped (${shown.join("; ")}${skipped.length > 3 ? "; …" : ""})`;
}

/** The suite made from the pairs read, and what was inferred. */
export function importSuite(read: ReadPairs, options: ImportOptions): ImportedSuite {
  const notes: string[] = [];
  const skipped = read.skipped.length ? skippedText(read) : "";
  if (read.pairs.length === 0)
    throw new ImportError(
      `${options.source}: no usable lines${skipped ? `; ${skipped}` : " (the file is empty)"}`,
    );
  const pairs = uniqueInputs(read.pairs, notes);
  if (pairs.length < MIN_IMPORT_LINES)
    throw new ImportError(
      `${options.source}: ${plural(pairs.length, "usable line")}; a suite needs at least ${MIN_IMPORT_LINES} (examples plus held-out cases)${skipped ? `; ${skipped}` : ""}`,
    );
  if (skipped) notes.push(skipped);
  const { cases, examples, seed } = splitPairs(pairs, options, notes);
  const system = inferInstructions(pairs, notes);
  const { output, expect } = inferOutput([...examples, ...cases], notes);
  notes.unshift(
    `${plural(examples.length, "example")} and ${plural(cases.length, "held-out case")} (seed ${seed}); no case repeats or nearly repeats an example`,
  );
  const suite = {
    name: options.name,
    description: `Imported by tunebench import from ${options.source} (${read.format}, ${plural(read.pairs.length, "line")}).`,
    task: { system, output, examples: examples.map((e) => ({ input: e.input, output: e.output })) },
    cases: cases.map((c, i) => ({
      id: `line-${c.line}`,
      input: c.input,
      expect: expect(examples.length + i),
    })),
  };
  SuiteSchema.parse(suite); // what is written must load: a failure here is a bug, not bad input
  return { suite, notes };
}
