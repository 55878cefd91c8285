import { STRATEGY_KINDS, type StrategyType } from "../config/index.js";
import { caseKey, type TrialRecord } from "../runlog/index.js";
import {
  type CompareOptions,
  comparePaired,
  holm,
  type PairedComparison,
  type PairedVerdict,
} from "../stats/index.js";
import { adjustGraded, compareGraded } from "./graded.js";
import { gradedScorers } from "./grades.js";
import type { PairComparison } from "./model.js";
import { rankIn } from "./order.js";

export interface PairOptions {
  /** Seed of the paired bootstrap: same log, same report. */
  seed?: number;
  iterations?: number;
  alpha?: number;
}

/** Whether the trial got a scored answer (a call error is neither a pass nor a fail). */
export function answered(
  t: TrialRecord | undefined,
): t is TrialRecord & { verdict: NonNullable<TrialRecord["verdict"]> } {
  return t !== undefined && t.error === null && t.verdict !== null;
}

/**
 * comparePaired's verdict re-read at a Holm-adjusted p: adjustment only raises p, so a better or
 * worse verdict stands when the adjusted p is still below alpha and becomes "inconclusive" otherwise.
 */
export function adjustVerdict(comparison: PairedComparison, pAdjusted: number, alpha = 0.05): PairedVerdict {
  const significant = comparison.verdict === "better" || comparison.verdict === "worse";
  return significant && !(pAdjusted < alpha) ? "inconclusive" : comparison.verdict;
}

/** Strategies in comparison order: tuned, retrieval, prompt, baseline; same type in run order. */
export function orderStrategies(
  strategies: readonly { name: string; type: StrategyType }[],
  runOrder: readonly string[],
): string[] {
  return [...strategies]
    .sort(
      (a, b) =>
        STRATEGY_KINDS[a.type].rank - STRATEGY_KINDS[b.type].rank ||
        rankIn(runOrder, a.name) - rankIn(runOrder, b.name) ||
        a.name.localeCompare(b.name),
    )
    .map((s) => s.name);
}

/**
 * One outcome per case: with `--repeat N` the repeats of a case are not independent observations,
 * so before any paired test (McNemar, bootstrap) they collapse by majority: a case passes when
 * more than half of its answered repeats pass (a tie fails); a case with no answered repeat (every
 * call failed) has no outcome (null) and drops out of the pairs. With repeat 1 the outcome is the
 * trial's own. `key` names the case (its id, or suite and id when suites are pooled).
 */
export function caseOutcomes(
  trials: Iterable<TrialRecord>,
  key: (t: TrialRecord) => string = (t) => t.caseId,
): Map<string, boolean | null> {
  const tally = new Map<string, { answered: number; passed: number }>();
  for (const t of trials) {
    const k = key(t);
    let c = tally.get(k);
    if (!c) {
      c = { answered: 0, passed: 0 };
      tally.set(k, c);
    }
    if (!answered(t)) continue;
    c.answered++;
    if (t.verdict.pass) c.passed++;
  }
  const outcomes = new Map<string, boolean | null>();
  for (const [k, c] of tally) outcomes.set(k, c.answered === 0 ? null : c.passed * 2 > c.answered);
  return outcomes;
}

/** Outcomes of both sides on the cases both have, in a stable order; a case without an outcome on either side is excluded. */
export function pairUp(
  reference: ReadonlyMap<string, boolean | null>,
  candidate: ReadonlyMap<string, boolean | null>,
): { a: boolean[]; b: boolean[]; excluded: number } {
  const a: boolean[] = [];
  const b: boolean[] = [];
  let excluded = 0;
  const keys = [...candidate.keys()].filter((k) => reference.has(k)).sort();
  for (const key of keys) {
    const ref = reference.get(key);
    const cand = candidate.get(key);
    if (ref === null || ref === undefined || cand === null || cand === undefined) {
      excluded++;
      continue;
    }
    a.push(ref);
    b.push(cand);
  }
  return { a, b, excluded };
}

/** suite → strategy → (case id, repeat) → trial, suites and strategies in first-seen order. */
export function indexTrials(
  trials: Iterable<TrialRecord>,
): Map<string, Map<string, Map<string, TrialRecord>>> {
  const bySuite = new Map<string, Map<string, Map<string, TrialRecord>>>();
  for (const t of trials) {
    let byStrategy = bySuite.get(t.suite);
    if (!byStrategy) {
      byStrategy = new Map();
      bySuite.set(t.suite, byStrategy);
    }
    let byCase = byStrategy.get(t.strategy);
    if (!byCase) {
      byCase = new Map();
      byStrategy.set(t.strategy, byCase);
    }
    byCase.set(caseKey(t), t);
  }
  return bySuite;
}

/**
 * Every pair of strategies within each suite on the same cases (repeats collapsed by majority, see
 * caseOutcomes), cases without an answer on either side left out; McNemar per pair, Holm across
 * all pairs of the run. Graded scorers beside it: bootstrap and Wilcoxon (graded.ts), Holm apart.
 */
export function comparePairs(
  trials: readonly TrialRecord[],
  runOrder: readonly string[],
  options: PairOptions = {},
): PairComparison[] {
  const { seed = 1, iterations = 2000, alpha = 0.05 } = options;
  const compareOptions: CompareOptions = { seed, iterations, alpha };
  const raw: {
    pair: Omit<PairComparison, "pAdjusted" | "verdict" | "graded">;
    comparison: PairedComparison;
  }[] = [];
  const graded: NonNullable<ReturnType<typeof compareGraded>>[][] = [];
  const scorers = gradedScorers(trials);
  for (const [suite, byStrategy] of indexTrials(trials)) {
    const types = [...byStrategy].map(([name, cases]) => ({
      name,
      type: ([...cases.values()][0]?.strategyType ?? "prompt") as StrategyType,
    }));
    const canary = [...byStrategy.values()].some((cases) => [...cases.values()].some((t) => t.canary));
    const order = orderStrategies(types, runOrder);
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        const candidate = order[i] as string;
        const reference = order[j] as string;
        const { a, b, excluded } = pairUp(
          caseOutcomes(byStrategy.get(reference)?.values() ?? []),
          caseOutcomes(byStrategy.get(candidate)?.values() ?? []),
        );
        const comparison = comparePaired(a, b, compareOptions);
        const sides = { reference: [...(byStrategy.get(reference)?.values() ?? [])] };
        const candidates = [...(byStrategy.get(candidate)?.values() ?? [])];
        graded.push(
          scorers.flatMap((scorer) => compareGraded({ scorer, ...sides, candidate: candidates }, seed) ?? []),
        );
        raw.push({
          comparison,
          pair: {
            suite,
            canary,
            candidate,
            reference,
            n: comparison.n,
            excluded,
            fixed: comparison.fixed,
            broke: comparison.broke,
            p: comparison.p,
            diff: {
              value: comparison.bootstrap.diff,
              low: comparison.bootstrap.low,
              high: comparison.bootstrap.high,
            },
          },
        });
      }
    }
  }
  const adjusted = holm(raw.map((r) => r.comparison.p));
  const gradedAdjusted = adjustGraded(graded, alpha);
  return raw.map(({ pair, comparison }, i) => {
    const pAdjusted = adjusted[i] ?? 1;
    const verdict = adjustVerdict(comparison, pAdjusted, alpha);
    return { ...pair, pAdjusted, verdict, graded: gradedAdjusted[i] ?? [] };
  });
}

/** The comparison of two strategies of a suite, in whichever orientation it was made. */
export function findPair(
  pairs: readonly PairComparison[],
  suite: string,
  x: string,
  y: string,
): PairComparison | undefined {
  return pairs.find(
    (p) =>
      p.suite === suite &&
      ((p.candidate === x && p.reference === y) || (p.candidate === y && p.reference === x)),
  );
}
