// Re-scoring a run from its log, as Inspect AI re-scores a log: the same outputs, scored again
// with today's suites and scorers, into a new run log. No strategy model is called; judges are
// (through the response cache, so an unchanged rubric costs nothing again).
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  allCases,
  type Case,
  ConfigError,
  type LoadedConfig,
  type LoadedSuite,
  loadConfig,
  loadSuites,
  referenceStrategy,
} from "../config/index.js";
import { openEndpoints } from "../endpoints/index.js";
import {
  loadRun,
  newRunId,
  type RunHeader,
  RunLogWriter,
  recordedOutput,
  runDirOf,
  slotKey,
  TRIALS_FILE,
  type TrialRecord,
} from "../runlog/index.js";
import {
  judgeEndpoints,
  judgingSettings,
  loadScorers,
  type Reference,
  scoreAnswer,
} from "../scoring/index.js";
import { judgeAfterTrials } from "./judging.js";

export interface RescoreOptions {
  /** The run to re-score: its folder or trials.jsonl. */
  run: string;
  /** The config whose suites and scorers apply (default: ./eval.config.yaml), or it loaded. */
  config?: string | LoadedConfig;
  /** Where the new run folder goes (default: beside the original). */
  outDir?: string;
}

export interface RescoreResult {
  runId: string;
  dir: string;
  header: RunHeader;
  trials: number;
}

/**
 * The run's own recorded answers (its first recorded strategy in the header's order, as the run
 * chose it), as the run matched the other strategies' answers against them: the same agreement
 * scores without the snapshot file.
 */
function recordedAnswers(
  header: RunHeader | null,
  trials: readonly TrialRecord[],
): (trial: TrialRecord) => Reference | undefined {
  const first = referenceStrategy(header?.strategies ?? [], trials);
  const answers = new Map<string, string>();
  for (const t of trials)
    if (t.strategy === first && t.output !== null && t.error === null) answers.set(slotKey(t), t.output);
  return (trial) => {
    if (first === undefined || trial.strategyType === "recorded") return undefined;
    const output = recordedOutput(answers, trial);
    return output === undefined ? undefined : { strategy: first, output };
  };
}

export async function rescoreRun(options: RescoreOptions): Promise<RescoreResult> {
  const source = await loadRun(options.run);
  const loaded = typeof options.config === "object" ? options.config : await loadConfig(options.config);
  const suites = new Map<string, { suite: LoadedSuite; cases: Map<string, Case> }>();
  for (const suite of await loadSuites(loaded))
    suites.set(suite.name, { suite, cases: new Map((await allCases(suite)).map((c) => [c.id, c])) });
  const scorers = await loadScorers(loaded);
  const caseOf = (t: TrialRecord): [LoadedSuite, Case] | null => {
    const entry = suites.get(t.suite);
    const found = entry?.cases.get(t.caseId);
    return entry && found ? [entry.suite, found] : null;
  };
  const missing = source.trials.filter((t) => !caseOf(t)).map((t) => `${t.suite}/${t.caseId}`);
  if (missing.length) {
    const unique = [...new Set(missing)];
    throw new ConfigError([
      {
        file: loaded.file,
        line: 0,
        column: 0,
        path: "",
        message: `cannot re-score ${source.dir}: ${unique.length} case(s) of the run are not in the suites any more: ${unique.slice(0, 10).join(", ")}${unique.length > 10 ? ", …" : ""}`,
      },
    ]);
  }
  const runId = newRunId();
  const dir = path.join(
    path.resolve(options.outDir ?? path.dirname(runDirOf(path.resolve(source.dir)))),
    runId,
  );
  mkdirSync(dir, { recursive: true });
  const previous = source.header;
  const header: RunHeader = {
    schema: "tunebench.run/1",
    runId,
    startedAt: new Date().toISOString(),
    configFile: path.relative(process.cwd(), loaded.file),
    simulated: previous?.simulated ?? source.trials.some((t) => t.simulated),
    strategies: previous?.strategies ?? [],
    suites: previous?.suites ?? [...new Set(source.trials.map((t) => t.suite))],
    // Same outputs: as complete, and as degraded, as the run they came from.
    ...(previous?.planned !== undefined ? { planned: previous.planned } : {}),
    ...(previous?.plan ? { plan: previous.plan } : {}),
    rescoredFrom: previous?.runId ?? source.trials[0]?.runId ?? path.basename(source.dir),
  };
  const judging = judgingSettings(loaded.config, previous?.plan?.judgeRepeat);
  const inRun = new Set(source.trials.map((t) => t.suite));
  const judged = [...suites.values()].map((s) => s.suite).filter((s) => inRun.has(s.name));
  const recorded = source.trials.some((t) => t.strategyType === "recorded");
  const endpoints = await openEndpoints(loaded, { names: judgeEndpoints(judging, judged, recorded) });
  const models = endpoints.scoringModels();
  const log = new RunLogWriter(path.join(dir, TRIALS_FILE), endpoints.redactor.text);
  try {
    log.append(header);
    // The indexes were built (and paid for) by the original run: the copy spends what it did.
    for (const build of source.indexBuilds) log.append({ ...build, runId });
    const referenceOf = recordedAnswers(source.header, source.trials);
    for (const trial of source.trials) {
      const found = caseOf(trial) as [LoadedSuite, Case];
      const reference = referenceOf(trial);
      const context = { suite: found[0], models, judging, ...(reference ? { reference } : {}) };
      // A failed call has no output to score: it stays an error trial.
      const scored =
        trial.output === null || trial.error !== null
          ? { scores: trial.scores, verdict: trial.verdict }
          : await scoreAnswer(trial.output, found[1], context, scorers);
      log.append({ ...trial, runId, ...scored });
    }
    const concurrency = loaded.config.run.concurrency;
    await judgeAfterTrials({ dir, runId, suites: judged, models, judging, log, concurrency });
  } finally {
    log.close();
    await endpoints.close();
  }
  return { runId, dir, header, trials: source.trials.length };
}
