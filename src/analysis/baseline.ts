import { groupKey, type TrialRecord } from "../runlog/index.js";
import { holm } from "../stats/index.js";
import { answered, caseTallies, indexTrials, pairCases } from "./cases.js";
import { compareCases, DEFAULT_DECISIONS, type DecisionSettings, decisionOf } from "./compare.js";
import type { BaselineComparison, BaselineGroup, CaseRef, Question } from "./model.js";
import { powerOf } from "./power.js";
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
 * statistics (matched, pass rates, drop, the paired comparison) are per case, a case's repeats one
 * cluster (see compareCases). "Did anything regress?" is a primary question per suite: Holm across
 * the suite's strategies, one family per suite.
 */
export function compareToBaseline(
  baseline: BaselineInput,
  candidate: {
    trials: readonly TrialRecord[];
    runId: string;
    /** Canary check -> the tuned strategy it checks (the run header's `canaryOf`). */
    canaryOf?: ReadonlyMap<string, string>;
  },
  settings: DecisionSettings = DEFAULT_DECISIONS,
): BaselineComparison {
  const before = indexTrials(baseline.trials);
  const after = indexTrials(candidate.trials);
  const summaryOf = (trials: readonly TrialRecord[]) =>
    new Map(summarize(trials).groups.map((g) => [groupKey(g), g] as const));
  const beforeSummary = summaryOf(baseline.trials);
  const afterSummary = summaryOf(candidate.trials);

  // Groups in the candidate's order, then groups only the baseline had. A canary check the
  // baseline did not run (it ran one tuned model, this run one per task) is compared with the
  // strategy it checks there: each task's model against the one model, on the same canary cases.
  const keys: { suite: string; strategy: string; against: string }[] = [];
  const seen = new Set<string>();
  for (const index of [after, before])
    for (const [suite, byStrategy] of index)
      for (const strategy of byStrategy.keys()) {
        const key = groupKey({ suite, strategy });
        if (seen.has(key)) continue;
        seen.add(key);
        const checked = index === after ? candidate.canaryOf?.get(strategy) : undefined;
        const inherits =
          checked !== undefined &&
          !before.get(suite)?.has(strategy) &&
          before.get(suite)?.has(checked) &&
          !after.get(suite)?.has(checked);
        if (inherits) seen.add(groupKey({ suite, strategy: checked }));
        keys.push({ suite, strategy, against: inherits ? checked : strategy });
      }

  const groups: Omit<BaselineGroup, "pAdjusted" | "decision" | "significantDrop">[] = [];
  for (const { suite, strategy, against } of keys) {
    const old = before.get(suite)?.get(against) ?? new Map<string, TrialRecord>();
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
    const { pairs, excluded } = pairCases(caseTallies(old.values()), caseTallies(now.values()));
    const comparison = compareCases(pairs, excluded, settings.alpha);
    // Over the matched cases only, each case's share of passing repeats averaged; with none
    // matched there is no rate to compare.
    const rate = (side: "a" | "b") =>
      pairs.length ? pairs.reduce((s, p) => s + p[side].passed / p[side].answered, 0) / pairs.length : null;
    const rateBefore = rate("a");
    const rateNow = rate("b");
    const gBefore: GroupSummary | undefined = beforeSummary.get(groupKey({ suite, strategy: against }));
    const gAfter: GroupSummary | undefined = afterSummary.get(groupKey({ suite, strategy }));
    const basePerCall = gBefore?.cost.perCall ?? null;
    const candPerCall = gAfter?.cost.perCall ?? null;
    groups.push({
      suite,
      strategy,
      ...(against === strategy ? {} : { baselineStrategy: against }),
      canary,
      matched: pairs.length,
      excluded,
      regressions: regressions.sort(byCase),
      fixes: fixes.sort(byCase),
      added: added.sort(byCase),
      removed: removed.sort(byCase),
      formatRegressions: formatRegressions.sort(byCase),
      passRate: { baseline: rateBefore, candidate: rateNow },
      drop: rateBefore === null || rateNow === null ? null : rateBefore - rateNow,
      comparison,
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
    });
  }

  const pAdjusted = new Map<(typeof groups)[number], number>();
  for (const suite of new Set(groups.map((g) => g.suite))) {
    const family = groups.filter((g) => g.suite === suite && g.comparison.n > 0);
    const ps = holm(family.map((g) => g.comparison.p));
    family.forEach((g, i) => {
      pAdjusted.set(g, ps[i] ?? 1);
    });
  }
  const finished: BaselineGroup[] = groups.map((g) => {
    const p = pAdjusted.get(g) ?? 1;
    const decision = decisionOf(g.comparison, p, settings);
    return { ...g, pAdjusted: p, decision, significantDrop: decision === "worse" ? (g.drop ?? 0) : 0 };
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

/** "Did anything regress?": each strategy of each suite against itself in the baseline run. */
export function regressionQuestions(baseline: BaselineComparison, alpha: number): Question[] {
  const family = (suite: string) => baseline.groups.filter((g) => g.suite === suite && g.comparison.n > 0);
  return baseline.groups
    .filter((g) => g.comparison.n > 0)
    .map((g) => ({
      ...g.comparison,
      suite: g.suite,
      canary: g.canary,
      kind: "regression" as const,
      candidate: g.strategy,
      reference: g.strategy,
      label: `${g.strategy} vs baseline run ${baseline.baselineRunId}`,
      familySize: family(g.suite).length,
      pAdjusted: g.pAdjusted,
      decision: g.decision,
      decidedBy: "regression" as const,
      power: powerOf(g.comparison, alpha),
    }));
}
