import type { StrategyType } from "../config/index.js";
import { PATTERNS_ONLY } from "../model/index.js";
import {
  type EvalCost,
  groupKey,
  type IndexBuildRecord,
  type RunHeader,
  type TrialRecord,
} from "../runlog/index.js";
import { median, percentile, wilsonAt } from "../stats/index.js";
import { addCost, noEvalCost } from "./eval-cost.js";

export const SUMMARY_SCHEMA = "tunebench.summary/1" as const;

/**
 * A rate over trials: `count` of `n` trials, `rate` = count / n (the trial mean). The Wilson 95 %
 * interval `low`..`high` is taken around that rate with n = `cases`, the number of distinct cases
 * behind it: with `--repeat N` the repeats of a case are not independent observations, so they do
 * not narrow the interval. With repeat 1, cases = n and it is the plain Wilson interval of count/n.
 * With n = 0 (every call failed) there is no rate: `rate`, `low` and `high` are null ("no data"),
 * never 0 %.
 */
export interface Rate {
  count: number;
  n: number;
  rate: number | null;
  /** Distinct cases among the n trials: the n of the interval. */
  cases: number;
  /** Wilson 95 % interval. */
  low: number | null;
  high: number | null;
}

/** A Rate with data (n > 0). */
export type MeasuredRate = Rate & { rate: number; low: number; high: number };

export function hasData(rate: Rate | null | undefined): rate is MeasuredRate {
  return !!rate && rate.rate !== null;
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
  /** Failed calls by kind and status ("auth 401", "timeout"): what the error gate names. */
  errorKinds: Record<string, number>;
  /** The first failed call's message (credentials removed); null without errors. */
  firstError: string | null;
  cached: number;
  /** Over trials with a format requirement (out-of-domain probes excluded). null when none has one. */
  format: Rate | null;
  /** Over trials that got an answer (errors excluded); rate null when none did. */
  pass: Rate;
  /** Over out-of-domain probes: answered instead of refusing. null when the suite has none. */
  hallucination: Rate | null;
  /**
   * Over answered trials matched against a recorded model's answer (the `agreement` scorer): how
   * often this strategy answered as `with` did. Absent without a recorded strategy in the run.
   */
  agreement?: Rate & { with: string };
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
  /**
   * `cost`: everything the run spent, trials and index builds (null when some of it is unpriced).
   * `indexing`: the retrieval indexes built during the run (embedding their notes); a reused
   * index costs nothing.
   */
  totals: {
    trials: number;
    errors: number;
    cost: number | null;
    indexing: { builds: number; tokens: number; cost: number | null };
  };
  groups: GroupSummary[];
}

/**
 * What a case had among its repeats, for the case counts behind the intervals: an answer, a format
 * check, a probe, an agreement check. Bit flags in a number, not an object per case: a group of
 * 100,000 cases then holds no more than its map.
 */
const ANSWERED = 1;
const FORMATTED = 2;
const PROBED = 4;
const MATCHED = 8;

/** Who a group is: from its first trial, or from the run header for a group without any. */
type GroupIdentity = Pick<
  GroupSummary,
  "suite" | "strategy" | "strategyType" | "model" | "endpoint" | "canary" | "simulated"
>;

const errorKind = (e: NonNullable<TrialRecord["error"]>) => (e.status ? `${e.kind} ${e.status}` : e.kind);

/** `count` of `n`, with its Wilson interval over the `cases` behind them; no data when n is 0. */
export function rateOf(count: number, n: number, cases: number): Rate {
  if (n === 0) return { count, n, rate: null, cases, low: null, high: null };
  const { low, high } = wilsonAt(count / n, cases);
  return { count, n, rate: count / n, cases, low, high };
}

class GroupAccumulator {
  readonly cases = new Map<string, number>();
  trials = 0;
  errors = 0;
  readonly errorKinds: Record<string, number> = {};
  firstError: string | null = null;
  cached = 0;
  formatOk = 0;
  formatN = 0;
  passOk = 0;
  passN = 0;
  halluc = 0;
  oodN = 0;
  agreed = 0;
  agreeN = 0;
  agreeWith: string | null = null;
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

  constructor(readonly first: GroupIdentity) {}

  add(t: TrialRecord): void {
    this.trials++;
    this.cases.set(t.caseId, (this.cases.get(t.caseId) ?? 0) | this.count(t));
  }

  /** Counts the trial; returns what it tells about its case (the flags above; 0: no answer). */
  private count(t: TrialRecord): number {
    this.model ||= t.model;
    for (const s of t.scores) addCost(this.evaluation, s.cost);
    // A cached answer costs nothing now: count what it would have cost as saved.
    if (t.cached) {
      this.cached++;
      this.saved += t.cost.total ?? 0;
    } else this.cost = this.cost === null || t.cost.total === null ? null : this.cost + t.cost.total;
    if (t.error || !t.verdict) {
      this.errors++;
      const kind = t.error ? errorKind(t.error) : "unscored";
      this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
      // Recorded redacted; the patterns once more for logs written before redaction.
      this.firstError ??= PATTERNS_ONLY.message(t.error?.message ?? "no verdict recorded");
      return 0;
    }
    this.answeredCost =
      this.answeredCost === null || t.cost.total === null ? null : this.answeredCost + t.cost.total;
    this.passN++;
    let seen = ANSWERED;
    if (t.verdict.pass) this.passOk++;
    if (t.verdict.formatOk !== null) {
      this.formatN++;
      seen |= FORMATTED;
      if (t.verdict.formatOk) this.formatOk++;
    }
    if (t.verdict.hallucinated !== null) {
      this.oodN++;
      seen |= PROBED;
      if (t.verdict.hallucinated) this.halluc++;
    }
    const agreement = t.scores.find((x) => x.scorer === "agreement" && !x.error && x.pass !== undefined);
    if (agreement) {
      this.agreeN++;
      seen |= MATCHED;
      if (agreement.pass) this.agreed++;
      this.agreeWith ??= String((agreement.details as { with?: unknown } | undefined)?.with ?? "recorded");
    }
    if (t.usage) {
      this.tokensIn.push(t.usage.promptTokens);
      this.tokensOut.push(t.usage.completionTokens);
    }
    if (t.latencyMs !== null && !t.cached) this.latencies.push(t.latencyMs);
    return seen;
  }

  /** Cases with at least one trial that had `flag`: the n of an interval. */
  private casesWith(flag: number): number {
    let n = 0;
    for (const seen of this.cases.values()) if (seen & flag) n++;
    return n;
  }

  finish(): GroupSummary {
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const priced = this.answeredCost;
    return {
      suite: this.first.suite,
      strategy: this.first.strategy,
      strategyType: this.first.strategyType,
      model: this.model || this.first.model,
      endpoint: this.first.endpoint,
      canary: this.first.canary,
      simulated: this.first.simulated,
      trials: this.trials,
      cases: this.cases.size,
      errors: this.errors,
      errorKinds: this.errorKinds,
      firstError: this.firstError,
      cached: this.cached,
      format: this.formatN ? rateOf(this.formatOk, this.formatN, this.casesWith(FORMATTED)) : null,
      pass: rateOf(this.passOk, this.passN, this.casesWith(ANSWERED)),
      hallucination: this.oodN ? rateOf(this.halluc, this.oodN, this.casesWith(PROBED)) : null,
      ...(this.agreeWith !== null
        ? {
            agreement: {
              ...rateOf(this.agreed, this.agreeN, this.casesWith(MATCHED)),
              with: this.agreeWith,
            },
          }
        : {}),
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
  private readonly builds: IndexBuildRecord[] = [];
  private header: RunHeader | null = null;
  private runId: string | null = null;

  setHeader(header: RunHeader): void {
    this.header = header;
  }

  add(trial: TrialRecord): void {
    this.runId ??= trial.runId;
    const key = groupKey(trial);
    let group = this.groups.get(key);
    if (!group) {
      group = new GroupAccumulator(trial);
      this.groups.set(key, group);
    }
    group.add(trial);
  }

  /** A retrieval index built during the run: its embedding tokens count in what the run spent. */
  addIndexBuild(build: IndexBuildRecord): void {
    this.builds.push(build);
  }

  /**
   * Every suite × strategy the header planned has a group, even one without a single recorded
   * trial (a run stopped early): it has no data, and no gate may read it as a pass.
   */
  private planned(): GroupAccumulator[] {
    const header = this.header;
    if (!header) return [];
    const missing: GroupAccumulator[] = [];
    const canary = new Map<string, boolean>();
    for (const g of this.groups.values()) canary.set(g.first.suite, g.first.canary);
    for (const suite of header.suites)
      for (const s of header.strategies) {
        if (s.unavailable || (s.suites && !s.suites.includes(suite))) continue;
        if (this.groups.has(groupKey({ suite, strategy: s.name }))) continue;
        missing.push(
          new GroupAccumulator({
            suite,
            strategy: s.name,
            strategyType: s.type,
            model: s.model ?? "",
            endpoint: s.endpoint,
            canary: canary.get(suite) ?? false,
            simulated: header.simulated,
          }),
        );
      }
    return missing;
  }

  finish(finishedAt = new Date()): RunSummary {
    const groups = [...this.groups.values(), ...this.planned()].map((g) => g.finish());
    const header = this.header;
    const sum = (values: (number | null)[]) =>
      values.reduce<number | null>((a, v) => (a === null || v === null ? null : a + v), 0);
    const indexing = {
      builds: this.builds.length,
      tokens: this.builds.reduce((a, b) => a + b.tokens, 0),
      cost: sum(this.builds.map((b) => b.cost)),
    };
    return {
      schema: SUMMARY_SCHEMA,
      runId: header?.runId ?? this.runId ?? "unknown",
      simulated: header?.simulated ?? groups.some((g) => g.simulated),
      startedAt: header?.startedAt ?? finishedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      unavailable: (header?.strategies ?? [])
        .filter((s) => s.unavailable)
        .map((s) => ({ strategy: s.name, reason: s.unavailable ?? "" })),
      totals: {
        trials: groups.reduce((a, g) => a + g.trials, 0),
        errors: groups.reduce((a, g) => a + g.errors, 0),
        cost: sum([...groups.map((g) => g.cost.total), indexing.cost]),
        indexing,
      },
      groups,
    };
  }
}

/**
 * One strategy's trials of every suite as one group (suite "*"): break-even's pooled numbers. The
 * trials are added as they are, not copied under the pooled suite (a second set of records).
 */
export function pooledGroup(trials: Iterable<TrialRecord>, strategy: string): GroupSummary | undefined {
  let group: GroupAccumulator | undefined;
  for (const t of trials)
    if (t.strategy === strategy) {
      group ??= new GroupAccumulator({ ...t, suite: "*" });
      group.add(t);
    }
  return group?.finish();
}

export function summarize(
  trials: Iterable<TrialRecord>,
  header: RunHeader | null = null,
  indexBuilds: readonly IndexBuildRecord[] = [],
): RunSummary {
  const builder = new SummaryBuilder();
  if (header) builder.setHeader(header);
  for (const t of trials) builder.add(t);
  for (const b of indexBuilds) builder.addIndexBuild(b);
  return builder.finish();
}
