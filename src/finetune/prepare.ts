import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { CsvError, parseCsvObjects } from "../config/csv.js";
import { allCases, type LoadedSuite, loadConfig, loadSuites, writeFileAtomic } from "../config/index.js";
import { projectLayout, tuneFiles } from "../project/index.js";
import { cosine, features, fnv1a } from "../text/index.js";
import { canonicalJson, contentText, isObject, jsonlLines, RULES } from "../training/index.js";
import { tuneSuites } from "./project.js";

export const DEFAULT_VALID_SHARE = 0.1;
export const DEFAULT_LEAK_THRESHOLD = 0.9;

export interface ChatRecord {
  messages: { role: string; content: string | null; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** Where a training example came from, for messages a person can act on. */
export interface Origin {
  suite: string;
  /** e.g. `suites/ticket-triage.yaml example 3` or `suites/data/extra.csv:12`. */
  where: string;
}

export interface PreparedExample {
  record: ChatRecord;
  origin: Origin;
  split: "train" | "valid";
  /** 1-based line in its output file. */
  line: number;
}

export interface Leak {
  suite: string;
  caseId: string;
  caseInput: string;
  /** e.g. `train.jsonl:12`. */
  dataset: string;
  origin: Origin;
  input: string;
  similarity: number;
  /** Equal after normalisation (case, spacing, punctuation). */
  exact: boolean;
}

export interface SuiteCounts {
  suite: string;
  examples: number;
  fromDatasets: number;
  duplicates: number;
  train: number;
  valid: number;
}

export interface PrepareResult {
  trainFile: string;
  validFile: string | null;
  train: number;
  valid: number;
  duplicates: number;
  suites: SuiteCounts[];
  /** Canary suites: never trained on, they measure forgetting. */
  skipped: string[];
  leaks: Leak[];
  /** Highest similarity of any case input to any training input (a leak check that passed says how close it came). */
  closest: { similarity: number; suite: string; caseId: string; dataset: string } | null;
  cases: number;
  warnings: string[];
}

export interface PrepareOptions {
  /** eval.config.yaml (default: ./eval.config.yaml). */
  config?: string;
  /**
   * Only these suites (names or files, none canary) provide training data, written to their own
   * folder (.tunebench/tune/<a+b>/) for a model of their own; leakage is checked against every
   * suite's cases.
   */
  suites?: string[];
  /** Output folder (default: <project>/.tunebench/tune). */
  outDir?: string;
  /** Share of each suite's examples held out for validation (0 = none). */
  validShare?: number;
  seed?: number;
  leakThreshold?: number;
  /** Report leaks as warnings and write the files anyway. */
  allowLeaks?: boolean;
}

/** Bad training input (a dataset that can't be read or parsed): one line, file:line, exit 2. */
export class PrepareError extends Error {
  override readonly name = "PrepareError";
}

/** Evaluation cases found in the training data: every leak, both sides named. */
export class LeakError extends Error {
  override readonly name = "LeakError";
  constructor(readonly leaks: Leak[]) {
    super(`${leaks.length} evaluation case${leaks.length === 1 ? "" : "s"} leaked into the training data`);
  }
}

const rel = (file: string) => path.relative(process.cwd(), file) || file;

function systemOf(suite: LoadedSuite): string {
  return suite.task.tunedSystem ?? suite.task.system;
}

function chatRecord(system: string, input: string, output: string): ChatRecord {
  return {
    messages: [
      { role: "system", content: system },
      { role: "user", content: input },
      { role: "assistant", content: output },
    ],
  };
}

/** Examples from a suite's datasets: JSONL in chat format, or CSV with input,output columns. */
function readDataset(suite: LoadedSuite, name: string): { record: ChatRecord; origin: Origin }[] {
  const file = path.resolve(suite.dir, name);
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PrepareError(
      `${rel(suite.file)}: task.datasets: cannot read ${name} (${code === "ENOENT" ? "no such file" : code})`,
    );
  }
  const system = systemOf(suite);
  const ext = path.extname(file).toLowerCase();
  if (ext === ".jsonl") {
    const examples: { record: ChatRecord; origin: Origin }[] = [];
    for (const { line, value, error, blank, bom, invalidUtf8 } of jsonlLines(data)) {
      const where = `${rel(file)}:${line}`;
      if (bom) throw new PrepareError(`${where}: ${RULES.utf8_bom.title}`);
      if (invalidUtf8) throw new PrepareError(`${where}: ${RULES.invalid_utf8.title}`);
      if (blank) continue;
      if (error !== undefined) throw new PrepareError(`${where}: not valid JSON: ${error}`);
      if (!isObject(value) || !Array.isArray(value.messages) || value.messages.length === 0) {
        throw new PrepareError(`${where}: expected a chat example {"messages": [...]}`);
      }
      const messages = value.messages as ChatRecord["messages"];
      const hasSystem = messages.some((m) => isObject(m) && (m.role === "system" || m.role === "developer"));
      // Without a system message it gets the one the tuned strategy sends, so training matches use.
      const record: ChatRecord = hasSystem
        ? (value as ChatRecord)
        : { ...value, messages: [{ role: "system", content: system }, ...messages] };
      examples.push({ record, origin: { suite: suite.name, where } });
    }
    return examples;
  }
  if (ext === ".csv") {
    let rows: ReturnType<typeof parseCsvObjects>;
    try {
      rows = parseCsvObjects(data.toString("utf8"));
    } catch (error) {
      if (error instanceof CsvError) throw new PrepareError(`${rel(file)}:${error.line}: ${error.message}`);
      throw error;
    }
    return rows.map(({ line, row }) => {
      const where = `${rel(file)}:${line}`;
      if (row.input === undefined || row.output === undefined) {
        throw new PrepareError(`${rel(file)}:1: a CSV dataset needs the columns input,output`);
      }
      if (row.input.trim() === "" || row.output.trim() === "") {
        throw new PrepareError(`${where}: empty input or output`);
      }
      return { record: chatRecord(system, row.input, row.output), origin: { suite: suite.name, where } };
    });
  }
  throw new PrepareError(
    `${rel(suite.file)}: task.datasets: ${name}: use .jsonl (chat format) or .csv (input,output columns)`,
  );
}

/** Lower case, no punctuation, single spaces: "Hello, World!" equals "hello world". */
export function normalizeInput(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The user turns of a record: what a leaked case would be found in. */
function userInputs(record: ChatRecord): string[] {
  return record.messages
    .filter((m) => isObject(m) && m.role === "user")
    .map((m) => contentText(m.content))
    .filter((t) => t.trim() !== "");
}

export interface LeakCheckInput {
  cases: { suite: string; id: string; input: string }[];
  examples: { input: string; dataset: string; origin: Origin }[];
  threshold: number;
}

/** Every case input against every training input: equal after normalisation, or similarity ≥ threshold. */
export function findLeaks({ cases, examples, threshold }: LeakCheckInput): {
  leaks: Leak[];
  closest: PrepareResult["closest"];
} {
  const prepared = examples.map((e) => ({ ...e, norm: normalizeInput(e.input), bag: features(e.input) }));
  const leaks: Leak[] = [];
  let closest: PrepareResult["closest"] = null;
  for (const c of cases) {
    const norm = normalizeInput(c.input);
    const bag = features(c.input);
    for (const e of prepared) {
      const exact = norm === e.norm;
      const similarity = exact ? 1 : cosine(bag, e.bag);
      if (!closest || similarity > closest.similarity) {
        closest = { similarity, suite: c.suite, caseId: c.id, dataset: e.dataset };
      }
      if (exact || similarity >= threshold) {
        leaks.push({
          suite: c.suite,
          caseId: c.id,
          caseInput: c.input,
          dataset: e.dataset,
          origin: e.origin,
          input: e.input,
          similarity,
          exact,
        });
      }
    }
  }
  return { leaks, closest };
}

/** Deterministic rank of an example for the split: the same seed always holds out the same examples. */
function splitRank(seed: number, key: string): number {
  return fnv1a(`${seed}\u241f${key}`);
}

function writeAtomic(file: string, text: string): void {
  writeFileAtomic(file, text);
}

/**
 * Builds the training (and validation) JSONL from the suites' examples and datasets: chat format
 * with the tuned strategy's short system prompt, duplicates removed, a seeded per-suite split, and
 * a leakage check of every evaluation case against every training input.
 */
export async function prepareTraining(options: PrepareOptions = {}): Promise<PrepareResult> {
  const loaded = await loadConfig(options.config);
  const all = await loadSuites(loaded);
  const named = (await tuneSuites(loaded, options.suites))?.map((s) => s.name) ?? null;
  const only = named ? new Set(named) : null;
  const validShare = options.validShare ?? DEFAULT_VALID_SHARE;
  if (!(validShare >= 0 && validShare < 1)) throw new PrepareError("--valid-share must be from 0 to below 1");
  const seed = options.seed ?? 0;
  const threshold = options.leakThreshold ?? DEFAULT_LEAK_THRESHOLD;
  const layout = projectLayout(loaded.dir);
  const outDir = path.resolve(options.outDir ?? tuneFiles(layout, named).dir);
  const trainFile = path.join(outDir, path.basename(layout.trainFile));
  const validPath = path.join(outDir, path.basename(layout.validFile));

  const seen = new Set<string>();
  const counts: SuiteCounts[] = [];
  const skipped: string[] = [];
  const warnings: string[] = [];
  const train: PreparedExample[] = [];
  const valid: PreparedExample[] = [];
  const conflicts = new Map<string, { output: string; origin: Origin }>();

  for (const suite of all) {
    if (only && !only.has(suite.name)) continue;
    if (suite.canary) {
      skipped.push(suite.name);
      continue;
    }
    const items = suite.task.examples.map((e, i) => ({
      record: chatRecord(systemOf(suite), e.input, e.output),
      origin: { suite: suite.name, where: `${rel(suite.file)} example ${i + 1}` },
    }));
    const fromDatasets = (suite.task.datasets ?? []).flatMap((name) => readDataset(suite, name));
    const unique: typeof items = [];
    let duplicates = 0;
    for (const item of [...items, ...fromDatasets]) {
      const key = canonicalJson(item.record);
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      unique.push(item);
      // The same input taught two different answers confuses the model.
      const input = userInputs(item.record).join("\n");
      const output = JSON.stringify(item.record.messages.filter((m) => m.role === "assistant"));
      const conflictKey = `${normalizeInput(systemOf(suite))}\u241f${normalizeInput(input)}`;
      const earlier = conflicts.get(conflictKey);
      if (earlier && earlier.output !== output) {
        warnings.push(`${item.origin.where}: same input as ${earlier.origin.where} with a different answer`);
      } else if (!earlier) conflicts.set(conflictKey, { output, origin: item.origin });
    }
    const held = validShare > 0 ? Math.min(Math.floor(unique.length * validShare), unique.length - 1) : 0;
    const ranked = unique
      .map((item, index) => ({ item, index, rank: splitRank(seed, canonicalJson(item.record)) }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index);
    const validIndexes = new Set(ranked.slice(0, Math.max(0, held)).map((r) => r.index));
    unique.forEach((item, index) => {
      const target = validIndexes.has(index) ? valid : train;
      target.push({ ...item, split: target === valid ? "valid" : "train", line: target.length + 1 });
    });
    counts.push({
      suite: suite.name,
      examples: items.length + fromDatasets.length,
      fromDatasets: fromDatasets.length,
      duplicates,
      train: unique.length - validIndexes.size,
      valid: validIndexes.size,
    });
  }

  const cases = (await Promise.all(all.map(async (s) => ({ s, cases: await allCases(s) })))).flatMap(
    ({ s, cases }) => cases.map((c) => ({ suite: s.name, id: c.id, input: c.input })),
  );
  const { leaks, closest } = findLeaks({
    cases,
    threshold,
    examples: [...train, ...valid].flatMap((e) =>
      userInputs(e.record).map((input) => ({
        input,
        dataset: `${path.basename(e.split === "train" ? trainFile : validPath)}:${e.line}`,
        origin: e.origin,
      })),
    ),
  });
  if (leaks.length > 0 && !options.allowLeaks) throw new LeakError(leaks);
  if (train.length === 0) {
    throw new PrepareError("no training examples: give the non-canary suites task.examples or task.datasets");
  }
  if (train.length < 10) warnings.push(`only ${train.length} training examples; a job needs at least 10`);

  mkdirSync(outDir, { recursive: true });
  const jsonl = (list: PreparedExample[]) => list.map((e) => `${JSON.stringify(e.record)}\n`).join("");
  writeAtomic(trainFile, jsonl(train));
  if (valid.length > 0) writeAtomic(validPath, jsonl(valid));
  else if (existsSync(validPath)) rmSync(validPath); // a stale split from an earlier run would be uploaded
  return {
    trainFile,
    validFile: valid.length > 0 ? validPath : null,
    train: train.length,
    valid: valid.length,
    duplicates: counts.reduce((a, c) => a + c.duplicates, 0),
    suites: counts,
    skipped,
    leaks,
    closest,
    cases: cases.length,
    warnings,
  };
}
