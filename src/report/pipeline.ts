// I/O around analyzeRun: read the run log (and a baseline log, the tuned-model record, the config's
// gates), analyse, hand the report to the reporters. Everything in between is pure.
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import path from "node:path";
import type { LoadedConfig } from "../config/index.js";
import { trainingPriceFor } from "../model/index.js";
import { projectLayout, readTunedRecord } from "../project/index.js";
import { type RunHeader, TRIALS_FILE, type TrialRecord } from "../run/index.js";
import { type AnalyzeOptions, analyzeRun } from "./analyze.js";
import type { TrainingCost } from "./break-even.js";
import type { GateName, Report } from "./model.js";
import type { Reporter, ReportInfo } from "./reporter.js";
import { RunLogLineError, readRunLogChecked } from "./run-log.js";

/** A report input that does not exist or is not a run log: the caller maps it to exit 2. */
export class ReportInputError extends Error {
  override name = "ReportInputError";
}

export interface LoadedRun {
  /** The run folder (or the folder of the given .jsonl). */
  dir: string;
  /** What the user gave, for display. */
  source: string;
  header: RunHeader | null;
  trials: TrialRecord[];
  skippedLines: number;
}

function logFileOf(dirOrFile: string): string {
  return dirOrFile.endsWith(".jsonl") ? dirOrFile : path.join(dirOrFile, TRIALS_FILE);
}

/**
 * Reads a run folder or its trials.jsonl; a missing or empty log, or a line that is not a run
 * header or trial record, is a ReportInputError. A torn line (not JSON) is skipped and counted.
 */
export async function loadRun(dirOrFile: string): Promise<LoadedRun> {
  const file = path.resolve(logFileOf(dirOrFile));
  if (!existsSync(file))
    throw new ReportInputError(`no run log at ${file} (expected a run folder or its ${TRIALS_FILE})`);
  let log: Awaited<ReturnType<typeof readRunLogChecked>>;
  try {
    log = await readRunLogChecked(file);
  } catch (error) {
    if (error instanceof RunLogLineError) throw new ReportInputError(error.message);
    throw error;
  }
  const { header, trials, skippedLines } = log;
  if (!header && trials.length === 0) throw new ReportInputError(`${file} holds no tunebench run log`);
  return { dir: path.dirname(file), source: dirOrFile, header, trials, skippedLines };
}

/**
 * When a run started: its header's startedAt (milliseconds), else the time in its run id
 * (20261124-235901-3fa2, to the second), else 0. Run ids alone do not order two runs started in
 * the same second: their random suffix does.
 */
function runStart(runsDir: string, name: string): number {
  try {
    const fd = openSync(path.join(runsDir, name, TRIALS_FILE), "r");
    try {
      const buffer = Buffer.alloc(64 * 1024);
      const text = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString("utf8");
      const end = text.indexOf("\n");
      const header = JSON.parse(end < 0 ? text : text.slice(0, end)) as Partial<RunHeader>;
      const started = header.schema === "tunebench.run/1" ? Date.parse(String(header.startedAt)) : Number.NaN;
      if (Number.isFinite(started)) return started;
    } finally {
      closeSync(fd);
    }
  } catch {
    // No header (a run that died at once, or a hand-made log): fall back to the run id.
  }
  const id = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(name);
  if (!id) return 0;
  const [year, month, day, hour, minute, second] = id.slice(1).map(Number) as number[];
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second);
}

type RunKey = { name: string; started: number };
const byStart = (a: RunKey, b: RunKey) =>
  a.started - b.started || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Run folders under `runsDir` (those holding a trials.jsonl), oldest first by start time, then name. */
export function listRuns(runsDir: string): string[] {
  if (!existsSync(runsDir) || !statSync(runsDir).isDirectory()) return [];
  return readdirSync(runsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(runsDir, e.name, TRIALS_FILE)))
    .map((e) => ({ name: e.name, started: runStart(runsDir, e.name) }))
    .sort(byStart)
    .map((r) => r.name);
}

/**
 * `--baseline`: a run folder, its trials.jsonl, or `latest` = the newest run folder in `runsDir`
 * (other than `exclude`, and started before it when it is a run there).
 */
export function resolveBaseline(spec: string, runsDir: string, exclude?: string): string {
  if (spec !== "latest") {
    const file = path.resolve(logFileOf(spec));
    if (!existsSync(file)) throw new ReportInputError(`--baseline ${spec}: no run log at ${file}`);
    return spec;
  }
  const excluded = exclude ? path.resolve(exclude) : null;
  let runs = listRuns(runsDir).filter((name) => path.resolve(runsDir, name) !== excluded);
  if (excluded && path.dirname(excluded) === path.resolve(runsDir)) {
    const self = { name: path.basename(excluded), started: runStart(runsDir, path.basename(excluded)) };
    runs = runs.filter((name) => byStart({ name, started: runStart(runsDir, name) }, self) < 0);
  }
  const latest = runs.at(-1);
  if (!latest) throw new ReportInputError(`--baseline latest: no earlier run in ${runsDir}`);
  return path.join(runsDir, latest);
}

/**
 * The tuned model's training cost from .tunebench/tuned-model.json: as recorded (trained tokens,
 * else the estimate, × the training price), or recomputed from the tokens with the config's prices.
 */
export function trainingCostFrom(
  projectDir: string,
  prices: LoadedConfig["config"]["prices"] = {},
): TrainingCost | null {
  let record: ReturnType<typeof readTunedRecord>;
  try {
    record = readTunedRecord(projectLayout(projectDir).tunedRecord);
  } catch {
    return null;
  }
  if (!record) return null;
  const source = record.trainedTokens !== null ? "trained-tokens" : "estimate";
  let cost = record.trainingCost;
  const tokens = record.trainedTokens ?? record.estimatedTokens;
  if (cost === null && tokens !== null) {
    const price = trainingPriceFor(record.baseModel, prices);
    cost = price === null ? null : (tokens * price) / 1_000_000;
  }
  return { model: record.model, cost, source };
}

export interface BuildReportOptions {
  /** The project's config: gates, suite gates, break-even inputs, prices, the .tunebench folder. */
  loaded?: LoadedConfig | null;
  /** A resolved baseline (see resolveBaseline). */
  baseline?: string | null;
  onlyGates?: readonly GateName[];
  now?: Date;
  seed?: number;
}

/** Reads a run log (and its baseline) and analyses it: the report every reporter renders. */
export async function buildReport(runDirOrFile: string, options: BuildReportOptions = {}): Promise<Report> {
  const run = await loadRun(runDirOrFile);
  const baselineRun = options.baseline ? await loadRun(options.baseline) : null;
  const config = options.loaded?.config;
  const analyze: AnalyzeOptions = {
    gates: config?.gates,
    suiteGates: config?.suiteGates,
    breakEven: config?.breakEven,
    onlyGates: options.onlyGates,
    training: options.loaded ? trainingCostFrom(options.loaded.dir, config?.prices) : null,
    skippedLines: run.skippedLines,
    now: options.now,
    seed: options.seed,
    baseline: baselineRun
      ? {
          trials: baselineRun.trials,
          runId: baselineRun.header?.runId ?? baselineRun.trials[0]?.runId ?? path.basename(baselineRun.dir),
          source: baselineRun.source,
        }
      : null,
  };
  return analyzeRun(run.trials, run.header, analyze);
}

/** Hands the report to every reporter, in order. */
export async function emitReport(
  report: Report,
  reporters: readonly Reporter[],
  info: ReportInfo,
): Promise<void> {
  for (const r of reporters) await r.onReport?.(report, info);
}

/** Exit code of a report: 1 when a gate failed, else 0. */
export function gateExitCode(report: Report): 0 | 1 {
  return report.gates.passed ? 0 : 1;
}
