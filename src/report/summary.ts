import type { StrategyType } from "../config/schema.js";
import type { RunHeader, TrialRecord } from "../run/trial.js";
import { median, percentile, wilsonInterval } from "../scoring/index.js";

export const SUMMARY_SCHEMA = "tunebench.summary/1" as const;

export interface Rate {
  count: number;
  n: number;
  rate: number;
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
  /** Dollars; null when some call used an unpriced model. */
  cost: { total: number | null; perCall: number | null; perPassingCall: number | null; saved: number };
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

class GroupAccumulator {
  readonly caseIds = new Set<string>();
  trials = 0;
  errors = 0;
  cached = 0;
  formatOk = 0;
  formatN = 0;
  passOk = 0;
  passN = 0;
  halluc = 0;
  oodN = 0;
  cost: number | null = 0;
  saved = 0;
  readonly tokensIn: number[] = [];
  readonly tokensOut: number[] = [];
  readonly latencies: number[] = [];
  model = "";

  constructor(readonly first: TrialRecord) {}

  add(t: TrialRecord): void {
    this.trials++;
    this.caseIds.add(t.caseId);
    this.model ||= t.model;
    // A cached answer costs nothing now: count what it would have cost as saved.
    if (t.cached) {
      this.cached++;
      this.saved += t.cost.total ?? 0;
    } else this.cost = this.cost === null || t.cost.total === null ? null : this.cost + t.cost.total;
    if (t.error || !t.verdict) {
      this.errors++;
      return;
    }
    this.passN++;
    if (t.verdict.pass) this.passOk++;
    if (t.verdict.formatOk !== null) {
      this.formatN++;
      if (t.verdict.formatOk) this.formatOk++;
    }
    if (t.verdict.hallucinated !== null) {
      this.oodN++;
      if (t.verdict.hallucinated) this.halluc++;
    }
    if (t.usage) {
      this.tokensIn.push(t.usage.promptTokens);
      this.tokensOut.push(t.usage.completionTokens);
    }
    if (t.latencyMs !== null && !t.cached) this.latencies.push(t.latencyMs);
  }

  finish(): GroupSummary {
    const rate = (count: number, n: number): Rate => ({ count, n, ...wilsonInterval(count, n) });
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const spent = this.trials - this.cached;
    return {
      suite: this.first.suite,
      strategy: this.first.strategy,
      strategyType: this.first.strategyType,
      model: this.model,
      endpoint: this.first.endpoint,
      canary: this.first.canary,
      simulated: this.first.simulated,
      trials: this.trials,
      cases: this.caseIds.size,
      errors: this.errors,
      cached: this.cached,
      format: this.formatN ? rate(this.formatOk, this.formatN) : null,
      pass: rate(this.passOk, this.passN),
      hallucination: this.oodN ? rate(this.halluc, this.oodN) : null,
      tokensIn: { mean: mean(this.tokensIn), median: median(this.tokensIn) },
      tokensOut: { mean: mean(this.tokensOut), median: median(this.tokensOut) },
      cost: {
        total: this.cost,
        perCall: this.cost === null || spent === 0 ? null : this.cost / spent,
        perPassingCall: this.cost === null || this.passOk === 0 ? null : this.cost / this.passOk,
        saved: this.saved,
      },
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
    const key = `${trial.suite}\u0000${trial.strategy}`;
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
