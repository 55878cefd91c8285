// One run at a glance, from its log: what `tunebench runs` lists and what a baseline is checked
// for before a comparison relies on it (degraded, failed gates, errors, incomplete).
import type { Gate } from "../config/index.js";
import { type LoadedRun, spentBy, type TrialRecord } from "../runlog/index.js";
import { evaluateGates } from "./gates.js";
import type { GateReport } from "./model.js";
import { summarize } from "./summary.js";

export interface RunOverview {
  runId: string;
  dir: string;
  startedAt: string;
  simulated: boolean;
  suites: string[];
  /** Pass rate per strategy over every suite (answered trials), in run order. */
  strategies: { name: string; passed: number; answered: number }[];
  /** Dollars the trials' calls and index builds spent; null when some call was unpriced. */
  cost: number | null;
  /**
   * Dollars the run spent as `--max-cost` counts them: the strategies' calls, their judges and
   * embedders, the judgments after the trials, the index builds (runlog spentBy).
   */
  spent: number;
  trials: number;
  errors: number;
  /** Trials the run planned (null in logs from before the header counted them). */
  planned: number | null;
  /** Every planned trial is in the log (and no line is torn). */
  complete: boolean;
  /** The simulator's --sim-degrade share, when the run was deliberately degraded. */
  simDegrade: number | null;
  /** Gates as the run's report recorded them (with its baseline), else computed without one. */
  gates: GateReport;
}

export interface OverviewOptions {
  gates?: Gate;
  suiteGates?: Record<string, Gate>;
  /** The gates of the report written with the run (report.json), which knew its baseline. */
  recordedGates?: GateReport | null;
}

export function overviewOf(run: LoadedRun, options: OverviewOptions = {}): RunOverview {
  const summary = summarize(run.trials, run.header);
  const order = run.header?.strategies.map((s) => s.name) ?? [...new Set(run.trials.map((t) => t.strategy))];
  // Strategies that answered nothing (an unavailable tuned model) have no rate to show.
  const strategies = order.flatMap((name) => {
    const groups = summary.groups.filter((g) => g.strategy === name);
    if (groups.length === 0) return [];
    const passed = groups.reduce((n, g) => n + g.pass.count, 0);
    return [{ name, passed, answered: groups.reduce((n, g) => n + g.pass.n, 0) }];
  });
  return {
    runId: summary.runId,
    dir: run.dir,
    startedAt: summary.startedAt,
    simulated: summary.simulated,
    suites: run.header?.suites ?? [...new Set(run.trials.map((t) => t.suite))],
    strategies,
    cost: summary.totals.cost,
    spent: [...run.trials, ...run.judgments, ...run.indexBuilds].reduce((sum, r) => sum + spentBy(r), 0),
    trials: summary.totals.trials,
    errors: summary.totals.errors,
    planned: run.header?.planned ?? null,
    complete: isComplete(run),
    // Deliberately degraded: only a simulated run's degrade setting made its answers worse.
    simDegrade: run.header?.simulated && run.header.plan?.sim.degrade ? run.header.plan.sim.degrade : null,
    gates:
      options.recordedGates ??
      evaluateGates(summary.groups, { gates: options.gates, suiteGates: options.suiteGates, baseline: null }),
  };
}

/**
 * Whether the log holds every trial the run planned. Logs from before the header counted them:
 * every suite of the header answered, every case seen there by every available strategy and repeat.
 */
export function isComplete({ header, trials, skippedLines }: LoadedRun): boolean {
  if (!header || skippedLines > 0) return false;
  if (header.planned !== undefined) return trials.length >= header.planned;
  const strategies = header.strategies.filter((s) => !s.unavailable).length;
  const repeats = new Set(trials.map((t) => t.repeat)).size;
  const expected = header.suites.reduce((n, suite) => {
    const cases = new Set(trials.filter((t: TrialRecord) => t.suite === suite).map((t) => t.caseId)).size;
    return cases === 0 ? Number.POSITIVE_INFINITY : n + cases * strategies * repeats;
  }, 0);
  return trials.length >= expected;
}

/** Why a comparison against this run may mislead: one phrase per reason, none when it is sound. */
export function baselineConcerns(o: RunOverview): string[] {
  const concerns: string[] = [];
  if (!o.complete) concerns.push("it is incomplete (killed, or still running)");
  if (o.simDegrade !== null) concerns.push(`it was deliberately degraded (--sim-degrade ${o.simDegrade})`);
  const failed = o.gates.results.filter((r) => r.status === "fail").length;
  if (failed > 0) concerns.push(`it failed ${failed} gate${failed === 1 ? "" : "s"}`);
  if (o.errors > 0) concerns.push(`${o.errors} of its ${o.trials} calls failed`);
  return concerns;
}
