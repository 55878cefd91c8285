import type { Gate } from "../config/index.js";
import type { Retirement } from "../model/index.js";
import type { IndexBuildRecord, JudgmentRecord, RunHeader, TrialRecord } from "../runlog/index.js";
import { type BaselineInput, compareToBaseline, regressionQuestions } from "./baseline.js";
import { computeBreakEven, type TrainingCost } from "./break-even.js";
import { canaryBreaks } from "./canary.js";
import { Cases } from "./case-reports.js";
import { DEFAULT_DECISIONS, type DecisionSettings } from "./compare.js";
import { suiteDecisions } from "./decisions.js";
import { evaluateGates } from "./gates.js";
import { analyzeJudging } from "./judging.js";
import { migrationView } from "./migration.js";
import type { DecisionMethod, GateName, Report } from "./model.js";
import { REPORT_SCHEMA } from "./model.js";
import { rankIn as rank } from "./order.js";
import { comparePairs } from "./pairs.js";
import { ASSUMED_DISCORDANCE, POWER } from "./power.js";
import { askQuestions } from "./questions.js";
import { repeatGroups } from "./repeats.js";
import { retirementNotices } from "./retirements.js";
import { SummaryBuilder } from "./summary.js";
import { tunedModelUses } from "./tuned-models.js";

export interface AnalyzeOptions {
  /** α and the equivalence margin (config `decisions:`); defaults 0.05 and 0.05. */
  decisions?: Partial<DecisionSettings> | undefined;
  baseline?: BaselineInput | null;
  gates?: Gate | undefined;
  suiteGates?: Record<string, Gate> | undefined;
  /** Evaluate only these gates (`tunebench compare`: the baseline gates). */
  onlyGates?: readonly GateName[];
  training?: TrainingCost | null;
  breakEven?: { callsPerDay?: number; fixedCosts?: number } | undefined;
  /** Retrieval indexes the run built: spent outside any trial, a one-off cost of their strategy. */
  indexBuilds?: readonly IndexBuildRecord[];
  /** Lines of the log that did not parse. */
  skippedLines?: number;
  /** Judgments made after the trials (pairwise, labelled answers). */
  judgments?: readonly JudgmentRecord[];
  /** Seed of the graded scores' bootstrap: same log, same report. */
  seed?: number;
  /** Report time (tests pin it). */
  now?: Date;
  /** The config's `retirements:` (over the built-in table): models retiring within 90 days are warned about. */
  retirements?: Readonly<Record<string, Retirement>>;
}

/** When the last trial ended: the run's finish time as far as the log knows. */
function lastTrialEnd(trials: readonly TrialRecord[]): Date | null {
  let last = Number.NEGATIVE_INFINITY;
  for (const t of trials) {
    const end = Date.parse(t.startedAt) + (t.latencyMs ?? 0);
    if (Number.isFinite(end) && end > last) last = end;
  }
  return Number.isFinite(last) ? new Date(last) : null;
}

/** The run's canary checks, each with the tuned strategy it checks. */
function canaryChecksOf(header: RunHeader | null): Map<string, string> {
  return new Map(
    header?.strategies.flatMap((s) => (s.canaryOf ? [[s.name, s.canaryOf] as const] : [])) ?? [],
  );
}

/**
 * The whole report from a run log (and optionally a baseline log): the decisions and the primary
 * questions behind them, summary, pairwise comparisons, baseline comparison, break-even, gates,
 * repeats and every case. Pure: no files, no clock unless `now` is omitted. The case section
 * reads `trials` each time a reporter goes through it: leave the list as it is while the report
 * is in use.
 */
export function analyzeRun(
  trials: readonly TrialRecord[],
  header: RunHeader | null,
  options: AnalyzeOptions = {},
): Report {
  const { migration, retirements, ...report } = statistics(trials, header, options);
  const strategyOrder = report.run.strategies.map((s) => s.name);
  const suiteOrder = report.run.suites.map((s) => s.name);
  return {
    ...report,
    cases: new Cases(trials, suiteOrder, strategyOrder),
    ...(migration ? { migration } : {}),
    ...(retirements ? { retirements } : {}),
  };
}

function statistics(
  trials: readonly TrialRecord[],
  header: RunHeader | null,
  options: AnalyzeOptions,
): Omit<Report, "cases"> {
  const builder = new SummaryBuilder();
  if (header) builder.setHeader(header);
  for (const t of trials) builder.add(t);
  for (const b of options.indexBuilds ?? []) builder.addIndexBuild(b);
  const now = options.now ?? new Date();
  const summary = builder.finish(lastTrialEnd(trials) ?? now);

  const strategyOrder = header?.strategies.map((s) => s.name) ?? [...new Set(trials.map((t) => t.strategy))];
  const suiteOrder = header?.suites ?? [...new Set(trials.map((t) => t.suite))];
  // Trials arrive in completion order; reports list suites and strategies in run order.
  summary.groups.sort(
    (a, b) =>
      rank(suiteOrder, a.suite) - rank(suiteOrder, b.suite) ||
      rank(strategyOrder, a.strategy) - rank(strategyOrder, b.strategy),
  );
  const ordered = [...trials].sort(
    (a, b) =>
      rank(suiteOrder, a.suite) - rank(suiteOrder, b.suite) ||
      rank(strategyOrder, a.strategy) - rank(strategyOrder, b.strategy),
  );
  const settings: DecisionSettings = { ...DEFAULT_DECISIONS, ...options.decisions };
  const method: DecisionMethod = { ...settings, power: POWER, assumedDiscordance: ASSUMED_DISCORDANCE };
  const asked = askQuestions(
    comparePairs(ordered, strategyOrder, settings, options.seed),
    summary.groups,
    suiteOrder,
    settings,
  );
  const baseline = options.baseline
    ? compareToBaseline(
        options.baseline,
        { trials: ordered, runId: summary.runId, canaryOf: canaryChecksOf(header) },
        settings,
      )
    : null;
  const questions = [...asked.questions, ...(baseline ? regressionQuestions(baseline, settings.alpha) : [])];
  questions.sort((a, b) => rank(suiteOrder, a.suite) - rank(suiteOrder, b.suite));
  const breakEven = computeBreakEven(trials, summary.groups, asked.pairs, {
    decisions: settings,
    models: tunedModelUses(trials, header, options.training ?? null),
    fixedCosts: options.breakEven?.fixedCosts,
    callsPerDay: options.breakEven?.callsPerDay,
    runOrder: strategyOrder,
    unavailable: header?.strategies ?? [],
    indexBuilds: options.indexBuilds ?? [],
  });
  const gates = evaluateGates(summary.groups, {
    gates: options.gates,
    suiteGates: options.suiteGates,
    baseline,
    only: options.onlyGates,
    questions,
    // `tunebench compare` judges the candidate run only against the baseline run.
    dropKinds: options.onlyGates ? ["regression"] : undefined,
    decisions: settings,
  });
  const migration = migrationView(ordered, summary.groups, breakEven, header);
  // Every model a strategy answered with (a tuned one may serve each suite with its own).
  const answered = new Map<string, Set<string>>();
  for (const t of trials)
    if (t.model) answered.set(t.strategy, (answered.get(t.strategy) ?? new Set()).add(t.model));
  const retiring = retirementNotices(header, answered, options.retirements, now);
  const canary = new Map<string, boolean>();
  for (const t of trials) canary.set(t.suite, (canary.get(t.suite) ?? false) || t.canary);

  return {
    schema: REPORT_SCHEMA,
    generatedAt: now.toISOString(),
    run: {
      runId: summary.runId,
      simulated: summary.simulated,
      startedAt: summary.startedAt,
      finishedAt: summary.finishedAt,
      configFile: header?.configFile ?? null,
      strategies:
        header?.strategies ??
        strategyOrder.map((name) => {
          const t = trials.find((x) => x.strategy === name) as TrialRecord;
          return { name, type: t.strategyType, endpoint: t.endpoint, model: t.model };
        }),
      suites: suiteOrder.map((name) => ({ name, canary: canary.get(name) ?? false })),
      skippedLines: options.skippedLines ?? 0,
    },
    method,
    decisions: suiteDecisions(summary.groups, questions, breakEven, baseline, suiteOrder, method),
    questions,
    summary,
    pairs: asked.pairs,
    baseline,
    breakEven,
    canary: canaryBreaks(ordered, summary.groups),
    gates,
    judging: analyzeJudging(ordered, options.judgments ?? [], options.seed, settings),
    repeats: repeatGroups(ordered),
    ...(migration ? { migration } : {}),
    ...(retiring.length ? { retirements: retiring } : {}),
  };
}
