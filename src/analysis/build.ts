// The I/O around analyzeRun: read the run log (and a baseline log, the tuned-model record, the
// config's gates) and analyse. Everything analyzeRun does is pure.
import path from "node:path";
import type { LoadedConfig } from "../config/index.js";
import { InputError } from "../config/index.js";
import { type TrainingCost, trainingCostOf } from "../model/index.js";
import { baselineRunDir, projectLayout, readBaselineRecord, readTunedRecords } from "../project/index.js";
import {
  byStart,
  findRun,
  hasRunLog,
  type LoadedRun,
  listRuns,
  loadRun,
  type RunHeader,
  runLogFile,
  runLogProblem,
  runStart,
} from "../runlog/index.js";
import { type AnalyzeOptions, analyzeRun } from "./analyze.js";
import type { DecisionSettings } from "./compare.js";
import type { GateName, Report } from "./model.js";
import { type RunSummary, summarize } from "./summary.js";

/** A report input that does not exist or is not a run log: the caller maps it to exit 2. */
export class ReportInputError extends InputError {
  override name = "ReportInputError";
}

/**
 * `--baseline`: a run folder, its trials.jsonl, a run id in `runsDir`, `latest` = the newest run folder in `runsDir`
 * (other than `exclude`, and started before it when it is a run there), or `true` (the flag
 * without a value) = the run blessed in the project's tunebench.baseline.json.
 */
export function resolveBaseline(
  spec: string | true,
  runsDir: string,
  exclude?: string,
  projectDir = process.cwd(),
): string {
  if (spec === true) return blessedBaseline(projectDir, exclude);
  if (spec !== "latest") {
    // A run folder, its trials.jsonl, or a run id in runsDir.
    const found = findRun(spec, runsDir);
    if (found) return found;
    const problem = runLogProblem(spec);
    if (problem) throw new ReportInputError(`--baseline: ${problem}`);
    return spec;
  }
  const excluded = exclude ? path.resolve(exclude) : null;
  let runs = listRuns(runsDir).filter((r) => path.resolve(runsDir, r.name) !== excluded);
  if (excluded && path.dirname(excluded) === path.resolve(runsDir)) {
    const name = path.basename(excluded);
    const self = { name, started: runStart(runsDir, name) };
    runs = runs.filter((r) => byStart(r, self) < 0);
  }
  const latest = runs.at(-1);
  if (!latest) throw new ReportInputError(`--baseline latest: no earlier run in ${runsDir}`);
  return path.join(runsDir, latest.name);
}

/** The run folder blessed by `tunebench baseline set`; a missing record or run log is bad input. */
export function blessedBaseline(projectDir: string, exclude?: string): string {
  const file = projectLayout(projectDir).baselineFile;
  const record = readBaselineRecord(file);
  if (!record)
    throw new ReportInputError(
      `--baseline: no blessed run (no ${path.relative(process.cwd(), file) || file}); bless one with \`tunebench baseline set RUN\`, or give --baseline RUN or --baseline latest`,
    );
  const dir = baselineRunDir(file, record);
  if (!hasRunLog(dir))
    throw new ReportInputError(
      `${path.relative(process.cwd(), file) || file}: the blessed run ${record.runId} has no log at ${runLogFile(dir)}; restore that run folder or bless another run`,
    );
  if (exclude && path.resolve(exclude) === dir)
    throw new ReportInputError(
      `--baseline: the blessed run ${record.runId} is the run itself; give another run`,
    );
  return dir;
}

/**
 * The tuned model's training cost: as the run recorded it in its header (the model that answered),
 * else (a log from before headers carried it) from the project's tuned-model record.
 */
export function trainingCostFrom(
  projectDir: string,
  prices: LoadedConfig["config"]["prices"] = {},
  header: RunHeader | null = null,
): TrainingCost | null {
  const recorded = header?.strategies.find((s) => s.training)?.training;
  if (recorded) return recorded;
  let record: ReturnType<typeof readTunedRecords>[number] | undefined;
  try {
    record = readTunedRecords(projectLayout(projectDir))
      .filter((r) => r.suites === null)
      .at(-1);
  } catch {
    return null;
  }
  return record ? trainingCostOf(record, prices) : null;
}

export interface BuildReportOptions {
  /** The project's config: gates, suite gates, break-even inputs, prices, the tuned-model record. */
  loaded?: LoadedConfig | null;
  /** A resolved baseline (see resolveBaseline). */
  baseline?: string | null;
  onlyGates?: readonly GateName[];
  now?: Date;
  /** Overrides the config's `decisions:` (`tunebench plan --alpha`). */
  decisions?: Partial<DecisionSettings>;
}

/** A run log, read once; a missing or foreign log is a ReportInputError. */
export async function readRun(dirOrFile: string): Promise<LoadedRun> {
  try {
    return await loadRun(dirOrFile, { withoutMessages: true, withoutCaseHashes: true, shared: true });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "RunLogMissingError" || name === "RunLogLineError")
      throw new ReportInputError((error as Error).message);
    throw error;
  }
}

/** Reads a run log (and its baseline) and analyses it: the report every reporter renders. */
export async function buildReport(runDirOrFile: string, options: BuildReportOptions = {}): Promise<Report> {
  const run = await readRun(runDirOrFile);
  const baselineRun = options.baseline ? await readRun(options.baseline) : null;
  const config = options.loaded?.config;
  const analyze: AnalyzeOptions = {
    gates: config?.gates,
    suiteGates: config?.suiteGates,
    breakEven: config?.breakEven,
    onlyGates: options.onlyGates,
    training: options.loaded
      ? trainingCostFrom(options.loaded.dir, config?.prices, run.header)
      : (run.header?.strategies.find((s) => s.training)?.training ?? null),
    skippedLines: run.skippedLines,
    indexBuilds: run.indexBuilds,
    judgments: run.judgments,
    now: options.now,
    retirements: config?.retirements,
    decisions: { ...config?.decisions, ...options.decisions },
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

/** The summary table of a run, from its log. */
export async function summarizeRun(dirOrFile: string): Promise<RunSummary> {
  const run = await readRun(dirOrFile);
  return summarize(run.trials, run.header, run.indexBuilds);
}
