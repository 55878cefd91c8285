// Reading a run log for a report: every line is checked against the shape of a run header or a
// trial record before anything computes with it, so a hand-edited or foreign line is one clear
// "file:line: not a tunebench.trial/1 record" (exit 2) instead of a crash deep in the analysis.
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { z } from "zod";
import { STRATEGY_TYPES } from "../config/index.js";
import { type RunHeader, TRIAL_SCHEMA, type TrialRecord } from "../run/index.js";

const RUN_SCHEMA = "tunebench.run/1";

// Built on first use, not at import: src/run imports src/report, so a top-level use of run's
// exports here could meet them uninitialised in an import cycle.
function makeShapes() {
  const count = z.number().nonnegative();
  const dollars = z.number().nullable();

  /** The fields of a TrialRecord (src/run/trial.ts) a report relies on; unknown extra fields pass. */
  const trial = z.object({
    schema: z.literal(TRIAL_SCHEMA),
    runId: z.string(),
    suite: z.string(),
    canary: z.boolean(),
    caseId: z.string(),
    caseTags: z.array(z.string()),
    input: z.string(),
    strategy: z.string(),
    strategyType: z.enum(STRATEGY_TYPES),
    repeat: z.int().nonnegative(),
    endpoint: z.string(),
    model: z.string(),
    simulated: z.boolean(),
    messages: z.array(z.object({ role: z.string(), content: z.string() })),
    output: z.string().nullable(),
    usage: z.object({ promptTokens: count, completionTokens: count }).nullable(),
    embeddingTokens: count,
    cost: z.object({ total: dollars, input: dollars, output: dollars, embedding: dollars }),
    latencyMs: count.nullable(),
    scores: z.array(z.object({ scorer: z.string(), pass: z.boolean(), reason: z.string() })),
    verdict: z
      .object({ pass: z.boolean(), formatOk: z.boolean().nullable(), hallucinated: z.boolean().nullable() })
      .nullable(),
    error: z.object({ kind: z.string(), message: z.string() }).nullable(),
    cached: z.boolean(),
    startedAt: z.string(),
  });

  /** The fields of a RunHeader (src/run/trial.ts) a report relies on. */
  const header = z.object({
    schema: z.literal(RUN_SCHEMA),
    runId: z.string(),
    startedAt: z.string(),
    configFile: z.string(),
    simulated: z.boolean(),
    strategies: z.array(
      z.object({
        name: z.string(),
        type: z.enum(STRATEGY_TYPES),
        endpoint: z.string(),
        model: z.string().nullable(),
        unavailable: z.string().optional(),
      }),
    ),
    suites: z.array(z.string()),
  });
  return { trial, header };
}

let shapes: ReturnType<typeof makeShapes> | undefined;

/** A line that is JSON but not a record this report can read. */
export class RunLogLineError extends Error {
  override name = "RunLogLineError";
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** "missing caseId, strategy; repeat: expected number, received string". */
export function describeIssues(data: unknown, issues: readonly z.core.$ZodIssue[]): string {
  const name = (path: readonly PropertyKey[]) => path.map(String).join(".") || "(the record)";
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const issue of issues) {
    const value = valueAt(data, issue.path);
    if (value === undefined) missing.push(name(issue.path));
    else wrong.push(`${name(issue.path)}: ${issue.message.replace(/^Invalid (input|option): /, "")}`);
  }
  const list = (items: string[], max: number, separator: string) =>
    items.length > max
      ? `${items.slice(0, max).join(separator)}${separator}and ${items.length - max} more`
      : items.join(separator);
  return [missing.length ? `missing ${list(missing, 8, ", ")}` : "", list(wrong, 3, "; ")]
    .filter(Boolean)
    .join("; ");
}

export interface RunLogContents {
  header: RunHeader | null;
  trials: TrialRecord[];
  /** Lines that are not JSON: a torn last line after a crash. */
  skippedLines: number;
}

/**
 * Streams a run log line by line (memory stays flat), checking each record. A line that is not
 * JSON is skipped and counted (the torn last line of a run that was killed mid-write); a line that
 * is JSON but not a run header or trial record throws RunLogLineError naming file and line.
 * Records of other kinds (another `schema` string) are left for other readers.
 */
export async function readRunLogChecked(file: string): Promise<RunLogContents> {
  const contents: RunLogContents = { header: null, trials: [], skippedLines: 0 };
  shapes ??= makeShapes();
  const { trial: TrialShape, header: HeaderShape } = shapes;
  const lines = createInterface({
    input: createReadStream(file, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === "") continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      contents.skippedLines++;
      continue;
    }
    const fail = (what: string, why: string) =>
      new RunLogLineError(`${file}:${lineNo}: not a ${what} record: ${why}`);
    if (!isRecord(entry))
      throw fail(
        TRIAL_SCHEMA,
        `a JSON ${Array.isArray(entry) ? "array" : entry === null ? "null" : typeof entry}, not an object`,
      );
    const schema = entry.schema;
    if (typeof schema !== "string") throw fail(TRIAL_SCHEMA, "no 'schema' field");
    if (schema === TRIAL_SCHEMA) {
      const checked = TrialShape.safeParse(entry);
      if (!checked.success) throw fail(TRIAL_SCHEMA, describeIssues(entry, checked.error.issues));
      contents.trials.push(entry as unknown as TrialRecord);
    } else if (schema === RUN_SCHEMA) {
      const checked = HeaderShape.safeParse(entry);
      if (!checked.success) throw fail(RUN_SCHEMA, describeIssues(entry, checked.error.issues));
      contents.header ??= entry as unknown as RunHeader;
    } else if (/^tunebench\.(trial|run)\//.test(schema)) {
      throw fail(TRIAL_SCHEMA, `schema '${schema}' is a version this tunebench cannot read`);
    }
  }
  return contents;
}
