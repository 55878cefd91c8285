// The split of imported lines into examples and held-out cases: repeated inputs dropped, a seeded
// order (the same file and seed always hold out the same lines), and prepare's leakage check so
// no held-out case repeats or nearly repeats an example.
import { fnv1a } from "../text/index.js";
import { ImportError, type ImportedPair, lineList, plural } from "./import-read.js";
import { DEFAULT_LEAK_THRESHOLD, findLeaks, normalizeInput } from "./prepare.js";

export const DEFAULT_HOLDOUT = 0.2;

export interface SplitOptions {
  name: string;
  source: string;
  /** Share of the lines held out as cases. */
  holdout?: number;
  seed?: number;
}

/** The first line of each input (after normalisation); later repeats are dropped and noted. */
export function uniqueInputs(pairs: readonly ImportedPair[], notes: string[]): ImportedPair[] {
  const seen = new Map<string, ImportedPair>();
  const repeats: ImportedPair[] = [];
  for (const pair of pairs) {
    const key = normalizeInput(pair.input);
    if (seen.has(key)) repeats.push(pair);
    else seen.set(key, pair);
  }
  if (repeats.length)
    notes.push(
      `dropped ${plural(repeats.length, "line")} repeating an earlier input (line ${lineList(repeats)})`,
    );
  return [...seen.values()];
}

/** Held-out lines that leak (equal or similar to an example) join the examples until none does. */
function withoutLeaks(
  cases: ImportedPair[],
  examples: ImportedPair[],
  options: SplitOptions,
): ImportedPair[] {
  const moved: ImportedPair[] = [];
  for (;;) {
    const { leaks } = findLeaks({
      cases: cases.map((c) => ({ suite: options.name, id: String(c.line), input: c.input })),
      examples: examples.map((e) => ({
        input: e.input,
        dataset: options.source,
        origin: { suite: options.name, where: `${options.source}:${e.line}` },
      })),
      threshold: DEFAULT_LEAK_THRESHOLD,
    });
    if (leaks.length === 0) return moved;
    const leaked = new Set(leaks.map((l) => l.caseId));
    const leaking = cases.filter((c) => leaked.has(String(c.line)));
    moved.push(...leaking);
    examples.push(...leaking);
    cases.splice(0, cases.length, ...cases.filter((c) => !leaked.has(String(c.line))));
  }
}

export function splitPairs(pairs: readonly ImportedPair[], options: SplitOptions, notes: string[]) {
  const seed = options.seed ?? 0;
  const rank = (p: ImportedPair) => fnv1a(`${seed}\u241f${normalizeInput(p.input)}`);
  const ranked = [...pairs].sort((a, b) => rank(a) - rank(b) || a.line - b.line);
  const share = options.holdout ?? DEFAULT_HOLDOUT;
  const count = Math.min(pairs.length - 1, Math.max(1, Math.round(pairs.length * share)));
  const cases = ranked.slice(0, count);
  const examples = ranked.slice(count);
  const moved = withoutLeaks(cases, examples, options);
  if (moved.length)
    notes.push(
      `moved ${plural(moved.length, "held-out line")} to the examples: near-duplicates of an example (line ${lineList(moved)})`,
    );
  if (cases.length === 0)
    throw new ImportError(
      `${options.source}: every held-out line repeats an example; nothing is left to test`,
    );
  const byLine = (a: ImportedPair, b: ImportedPair) => a.line - b.line;
  return { cases: cases.sort(byLine), examples: examples.sort(byLine), seed };
}
