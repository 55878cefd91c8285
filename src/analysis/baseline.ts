import { groupKey, type TrialRecord } from "../runlog/index.js";
import { comparePaired, holm } from "../stats/index.js";
import type { BaselineComparison, BaselineGroup, CaseRef } from "./model.js";
import { adjustVerdict, answered, caseOutcomes, indexTrials, type PairOptions, pairUp } from "./pairs.js";
import { type GroupSummary, summarize } from "./summary.js";

export interface BaselineInput {
  trials: readonly TrialRecord[];
  runId: string;
  /** Where it was read from, for display. */
  source: string;
}

const ref = (t: TrialRecord): CaseRef => ({ caseId: t.caseId, repeat: t.repeat });

const byCase = (a: CaseRef, b: CaseRef) => a.caseId.localeCompare(b.caseId) || a.repeat - b.repeat;

/** Candidate minus baseline cost per call; float noise of summing in another order (1e-20 of $1e-5) is no change. */
function costChange(before: number, after: number): number {
  const change = after - before;
  return Math.abs(change) <= 1e-9 * Math.max(Math.abs(before), Math.abs(after)) ? 0 : change;
}

/**
 * This run against a baseline run, matched on (suite, case id, strategy, repeat): regressions
 * (pass → fail), fixes, added and removed cases, format regressions, cost and latency change. The
 * statistics (matched, pass rates, drop, McNemar, bootstrap; Holm across the suite × strategy
 * groups) are per case, repeats collapsed by majority (see caseOutcomes in pairs.ts): with
 * `--repeat N` the repeats of a case are not N independent cases.
 */
export function compareToBaseline(
  baseline: BaselineInput,
  candidate: { trials: readonly TrialRecord[]; runId: string },
  options: PairOptions = {},
): BaselineComparison {
  const { seed = 1, iterations = 2000, alpha = 0.05 } = options;
  const before = indexTrials(baseline.trials);
  const after = indexTrials(candidate.trials);
  const summaryOf = (trials: readonly TrialRecord[]) =>
    new Map(summarize(trials).groups.map((g) => [groupKey(g), g] as const));
  const beforeSummary = summaryOf(baseline.trials);
  const afterSummary = summaryOf(candidate.trials);

  // Groups in the candidate's order, then groups only the baseline had.
  const keys: { suite: string; strategy: string }[] = [];
  const seen = new Set<string>();
  for (const index of [after, before])
    for (const [suite, byStrategy] of index)
      for (const strategy of byStrategy.keys()) {
        const key = groupKey({ suite, strategy });
        if (!seen.has(key)) {
          seen.add(key);
          keys.push({ suite, strategy });
        }
      }

  const groups: (BaselineGroup & { comparison: ReturnType<typeof comparePaired> })[] = [];
  for (const { suite, strategy } of keys) {
    const old = before.get(suite)?.get(strategy) ?? new Map<string, TrialRecord>();
    const now = after.get(suite)?.get(strategy) ?? new Map<string, TrialRecord>();
    const regressions: CaseRef[] = [];
    const fixes: CaseRef[] = [];
    const added: CaseRef[] = [];
    const removed: CaseRef[] = [];
    const formatRegressions: CaseRef[] = [];
    let canary = false;
    for (const [key, t] of now) {
      canary ||= t.canary;
      const o = old.get(key);
      if (!o) {
        added.push(ref(t));
        continue;
      }
      if (!answered(o) || !answered(t)) continue;
      if (o.verdict.pass && !t.verdict.pass) regressions.push(ref(t));
      if (!o.verdict.pass && t.verdict.pass) fixes.push(ref(t));
      if (o.verdict.formatOk === true && t.verdict.formatOk === false) formatRegressions.push(ref(t));
    }
    for (const [key, o] of old) {
      canary ||= o.canary;
      if (!now.has(key)) removed.push(ref(o));
    }
    const { a, b, excluded } = pairUp(caseOutcomes(old.values()), caseOutcomes(now.values()));
    const comparison = comparePaired(a, b, { seed, iterations, alpha });
    // Over the matched cases only; with none matched there is no rate to compare.
    const rate = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : null);
    const rateBefore = rate(a);
    const rateNow = rate(b);
    const gBefore: GroupSummary | undefined = beforeSummary.get(groupKey({ suite, strategy }));
    const gAfter: GroupSummary | undefined = afterSummary.get(groupKey({ suite, strategy }));
    const basePerCall = gBefore?.cost.perCall ?? null;
    const candPerCall = gAfter?.cost.perCall ?? null;
    groups.push({
      suite,
      strategy,
      canary,
      matched: a.length,
      excluded,
      regressions: regressions.sort(byCase),
      fixes: fixes.sort(byCase),
      added: added.sort(byCase),
      removed: removed.sort(byCase),
      formatRegressions: formatRegressions.sort(byCase),
      passRate: { baseline: rateBefore, candidate: rateNow },
      drop: rateBefore === null || rateNow === null ? null : rateBefore - rateNow,
      diff: {
        value: comparison.bootstrap.diff,
        low: comparison.bootstrap.low,
        high: comparison.bootstrap.high,
      },
      p: comparison.p,
      pAdjusted: comparison.p,
      verdict: comparison.verdict,
      significantDrop: 0,
      cost: {
        baselinePerCall: basePerCall,
        candidatePerCall: candPerCall,
        change: basePerCall === null || candPerCall === null ? null : costChange(basePerCall, candPerCall),
      },
      latencyMs: {
        baselineP50: gBefore?.latencyMs.p50 ?? null,
        candidateP50: gAfter?.latencyMs.p50 ?? null,
        baselineP95: gBefore?.latencyMs.p95 ?? null,
        candidateP95: gAfter?.latencyMs.p95 ?? null,
      },
      comparison,
    });
  }

  const adjusted = holm(groups.map((g) => g.p));
  const finished: BaselineGroup[] = groups.map(({ comparison, ...g }, i) => {
    const pAdjusted = adjusted[i] ?? 1;
    const verdict = adjustVerdict(comparison, pAdjusted, alpha);
    return { ...g, pAdjusted, verdict, significantDrop: verdict === "worse" ? (g.drop ?? 0) : 0 };
  });
  const total = (pick: (g: BaselineGroup) => CaseRef[]) => finished.reduce((n, g) => n + pick(g).length, 0);
  return {
    baselineRunId: baseline.runId,
    baselineSource: baseline.source,
    candidateRunId: candidate.runId,
    groups: finished,
    totals: {
      regressions: total((g) => g.regressions),
      fixes: total((g) => g.fixes),
      added: total((g) => g.added),
      removed: total((g) => g.removed),
      formatRegressions: total((g) => g.formatRegressions),
      excluded: finished.reduce((n, g) => n + g.excluded, 0),
    },
  };
}
