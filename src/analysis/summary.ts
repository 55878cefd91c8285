import type { StrategyType } from "../config/index.js";
import { type EvalCost, groupKey, type RunHeader, type TrialRecord } from "../runlog/index.js";
import { median, percentile, wilsonAt } from "../stats/index.js";
import { addCost, noEvalCost } from "./eval-cost.js";

export const SUMMARY_SCHEMA = "tunebench.summary/1" as const;

/**
 * A rate over trials: `count` of `n` trials, `rate` = count / n (the trial mean). The Wilson 95 %
 * interval `low`..`high` is taken around that rate with n = `cases`, the number of distinct cases
 * behind it: with `--repeat N` the repeats of a case are not independent observations, so they do
 * not narrow the interval. With repeat 1, cases = n and it is the plain Wilson interval of count/n.
 */
export interface Rate {
  count: number;
  n: number;
  rate: number;
  /** Distinct cases among the n trials: the n of the interval. */
  cases: number;
  /** Wilson 95 % interval. */
  low: number;
  high: number;
}

export interface GroupSummary {
  suite: string;
  strategy: string;
  strategyType: StrategyType;
  model: string;
  endpoint: string;
  canary: boolean;
  simulated: boolean;
  trials: number;
  cases: number;
  errors: number;
  cached: number;
  /** Over trials with a format requirement (out-of-domain probes excluded). null when none has one. */
  format: Rate | null;
  /** Over trials that got an answer (errors excluded). */
  pass: Rate;
  /** Over out-of-domain probes: answered instead of refusing. null when the suite has none. */
  hallucination: Rate | null;
  tokensIn: { mean: number; median: number };
  tokensOut: { mean: number; median: number };
  /**
   * Dollars. `total`: money actually spent (cached answers cost nothing; failed calls count with
   * what they cost), null when some spent call was unpriced. `perCall`: what one answered call
   * costs, i.e. the cost of every answered trial (a cached one at what it would have cost) over
   * the answered trials, failed calls left out; null when some answered trial is unpriced or none
   * answered. `perPassingCall`: the same sum over the passing trials. `saved`: the cost of the
   * cached trials.
   */
  cost: { total: number | null; perCall: number | null; perPassingCall: number | null; saved: number };
  /** What scoring this group's answers cost (judges, API embeddings): the evaluation's, not in $/call. */
  evaluation: EvalCost;
  latencyMs: { p50: number | null; p95: number | null };
}

export interface RunSummary {
  schema: typeof SUMMARY_SCHEMA;
  runId: string;
  simulated: boolean;
  startedAt: string;
  finishedAt: string;
  unavailable: { strategy: string; reason: string }[];
  totals: { trials: number; errors: number; cost: number | null };
  groups: GroupSummary[];
}

/** One case's answered repeats, for the case counts behind the intervals. */
interface CaseTally {
  answered: number;
  formatted: number;
  probed: number;
}

class GroupAccumulator {
  readonly cases = new Map<string, CaseTally>();
  trials = 0;
  errors = 0;
  cached = 0;
  formatOk = 0;
  formatN = 0;
  passOk = 0;
  passN = 0;
  halluc = 0;
  oodN = 0;
  /** Money spent: non-cached trials, failed calls included. */
  cost: number | null = 0;
  /** What the answered trials cost, cached ones at what they would have cost. */
  answeredCost: number | null = 0;
  saved = 0;
  readonly evaluation: EvalCost = noEvalCost();
  readonly tokensIn: number[] = [];
  readonly tokensOut: number[] = [];
  readonly latencies: number[] = [];
  model = "";

  constructor(readonly first: TrialRecord) {}

  add(t: TrialRecord): void {
    this.trials++;
    let tally = this.cases.get(t.caseId);
    if (!tally) {
      tally = { answered: 0, formatted: 0, probed: 0 };
      this.cases.set(t.caseId, tally);
    }
    this.model ||= t.model;
    for (const s of t.scores) addCost(this.evaluation, s.cost);
    // A cached answer costs nothing now: count what it would have cost as saved.
    if (t.cached) {
      this.cached++;
      this.saved += t.cost.total ?? 0;
    } else this.cost = this.cost === null || t.cost.total === null ? null : this.cost + t.cost.total;
    if (t.error || !t.verdict) {
      this.errors++;
      return;
    }
    this.answeredCost =
      this.answeredCost === null || t.cost.total === null ? null : this.answeredCost + t.cost.total;
    this.passN++;
    tally.answered++;
    if (t.verdict.pass) this.passOk++;
    if (t.verdict.formatOk !== null) {
      this.formatN++;
      tally.formatted++;
      if (t.verdict.formatOk) this.formatOk++;
    }
    if (t.verdict.hallucinated !== null) {
      this.oodN++;
      tally.probed++;
      if (t.verdict.hallucinated) this.halluc++;
    }
    if (t.usage) {
      this.tokensIn.push(t.usage.promptTokens);
      this.tokensOut.push(t.usage.completionTokens);
    }
    if (t.latencyMs !== null && !t.cached) this.latencies.push(t.latencyMs);
  }

  /** Cases with at least one trial counted by `pick`: the n of an interval. */
  private casesWith(pick: (tally: CaseTally) => number): number {
    let n = 0;
    for (const tally of this.cases.values()) if (pick(tally) > 0) n++;
    return n;
  }

  finish(): GroupSummary {
    const rate = (count: number, n: number, cases: number): Rate => {
      const r = n === 0 ? 0 : count / n;
      const { low, high } = wilsonAt(r, cases);
      return { count, n, rate: r, cases, low, high };
    };
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const priced = this.answeredCost;
    return {
      suite: this.first.suite,
      strategy: this.first.strategy,
      strategyType: this.first.strategyType,
      model: this.model,
      endpoint: this.first.endpoint,
      canary: this.first.canary,
      simulated: this.first.simulated,
      trials: this.trials,
      cases: this.cases.size,
      errors: this.errors,
      cached: this.cached,
      format: this.formatN
        ? rate(
            this.formatOk,
            this.formatN,
            this.casesWith((c) => c.formatted),
          )
        : null,
      pass: rate(
        this.passOk,
        this.passN,
        this.casesWith((c) => c.answered),
      ),
      hallucination: this.oodN
        ? rate(
            this.halluc,
            this.oodN,
            this.casesWith((c) => c.probed),
          )
        : null,
      tokensIn: { mean: mean(this.tokensIn), median: median(this.tokensIn) },
      tokensOut: { mean: mean(this.tokensOut), median: median(this.tokensOut) },
      cost: {
        total: this.cost,
        perCall: priced === null || this.passN === 0 ? null : priced / this.passN,
        perPassingCall: priced === null || this.passOk === 0 ? null : priced / this.passOk,
        saved: this.saved,
      },
      evaluation: { ...this.evaluation },
      latencyMs: {
        p50: this.latencies.length ? percentile(this.latencies, 50) : null,
        p95: this.latencies.length ? percentile(this.latencies, 95) : null,
      },
    };
  }
}

/**
 * Computes the summary as trials arrive (one pass, no trial kept), so a run of any length
 * summarises in bounded memory and a finished log can be re-summarised offline.
 */
export class SummaryBuilder {
  private readonly groups = new Map<string, GroupAccumulator>();
  private header: RunHeader | null = null;

  setHeader(header: RunHeader): void {
    this.header = header;
  }

  add(trial: TrialRecord): void {
    const key = groupKey(trial);
    let group = this.groups.get(key);
    if (!group) {
      group = new GroupAccumulator(trial);
      this.groups.set(key, group);
    }
    group.add(trial);
  }

  finish(finishedAt = new Date()): RunSummary {
    const groups = [...this.groups.values()].map((g) => g.finish());
    const header = this.header;
    let cost: number | null = 0;
    for (const g of groups) cost = cost === null || g.cost.total === null ? null : cost + g.cost.total;
    return {
      schema: SUMMARY_SCHEMA,
      runId: header?.runId ?? [...this.groups.values()][0]?.first.runId ?? "unknown",
      simulated: header?.simulated ?? groups.some((g) => g.simulated),
      startedAt: header?.startedAt ?? finishedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      unavailable: (header?.strategies ?? [])
        .filter((s) => s.unavailable)
        .map((s) => ({ strategy: s.name, reason: s.unavailable ?? "" })),
      totals: {
        trials: groups.reduce((a, g) => a + g.trials, 0),
        errors: groups.reduce((a, g) => a + g.errors, 0),
        cost,
      },
      groups,
    };
  }
}

export function summarize(trials: Iterable<TrialRecord>, header: RunHeader | null = null): RunSummary {
  const builder = new SummaryBuilder();
  if (header) builder.setHeader(header);
  for (const t of trials) builder.add(t);
  return builder.finish();
}
