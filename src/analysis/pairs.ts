import { STRATEGY_KINDS, type StrategyType } from "../config/index.js";
import type { TrialRecord } from "../runlog/index.js";
import type { Decision } from "../stats/index.js";
import { caseTallies, indexTrials, pairCases } from "./cases.js";
import { compareCases, DEFAULT_DECISIONS, type DecisionSettings, flipDecision } from "./compare.js";
import { adjustGraded, compareGraded } from "./graded.js";
import { gradedScorers } from "./grades.js";
import type { Comparison, PairComparison } from "./model.js";
import { rankIn } from "./order.js";

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

/** A pair before the primary questions decide which family corrects it. */
export type RawPair = Omit<PairComparison, "questions" | "pAdjusted" | "decision">;

/**
 * Every pair of strategies within each suite on the same cases, case by case (a case's repeats
 * are one cluster), cases without an answer on either side left out. Unadjusted: which pairs are
 * primary questions, and which family corrects them, is questions.ts's business. Graded scorers
 * beside it: bootstrap and Wilcoxon (graded.ts), Holm apart.
 */
export function comparePairs(
  trials: readonly TrialRecord[],
  runOrder: readonly string[],
  settings: DecisionSettings = DEFAULT_DECISIONS,
  seed = 1,
): RawPair[] {
  const out: Omit<RawPair, "graded">[] = [];
  const graded: NonNullable<ReturnType<typeof compareGraded>>[][] = [];
  const scorers = gradedScorers(trials);
  for (const [suite, byStrategy] of indexTrials(trials)) {
    // A strategy's first trial tells its type (the index of a large suite is not copied to find it).
    const types = [...byStrategy].map(([name, cases]) => ({
      name,
      type: (cases.values().next().value?.strategyType ?? "prompt") as StrategyType,
    }));
    let canary = false;
    for (const cases of byStrategy.values()) for (const t of cases.values()) canary ||= t.canary;
    const order = orderStrategies(types, runOrder);
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j < order.length; j++) {
        const candidate = order[i] as string;
        const reference = order[j] as string;
        const { pairs, excluded } = pairCases(
          caseTallies(byStrategy.get(reference)?.values() ?? []),
          caseTallies(byStrategy.get(candidate)?.values() ?? []),
        );
        // Graded scorers read both sides' answers; without one, no side is copied.
        const side = (name: string) => [...(byStrategy.get(name)?.values() ?? [])];
        const sides = scorers.length ? { reference: side(reference), candidate: side(candidate) } : null;
        graded.push(
          sides ? scorers.flatMap((scorer) => compareGraded({ scorer, ...sides }, seed) ?? []) : [],
        );
        out.push({ suite, canary, candidate, reference, ...compareCases(pairs, excluded, settings.alpha) });
      }
    }
  }
  const gradedDecided = adjustGraded(graded, settings);
  return out.map((pair, i) => ({ ...pair, graded: gradedDecided[i] ?? [] }));
}

/** The comparison of two strategies of a suite, in whichever orientation it was made. */
export function findPair<P extends RawPair>(
  pairs: readonly P[],
  suite: string,
  x: string,
  y: string,
): P | undefined {
  return pairs.find(
    (p) =>
      p.suite === suite &&
      ((p.candidate === x && p.reference === y) || (p.candidate === y && p.reference === x)),
  );
}

/** A comparison seen from `candidate`'s side: the difference and its intervals mirrored, fixed ↔ broke. */
export function orient<C extends Comparison & { candidate: string; reference: string; decision?: Decision }>(
  c: C,
  candidate: string,
): C {
  if (c.candidate === candidate) return c;
  return {
    ...c,
    ...(c.decision ? { decision: flipDecision(c.decision) } : {}),
    candidate: c.reference,
    reference: c.candidate,
    fixed: c.broke,
    broke: c.fixed,
    diff: { value: -c.diff.value, low: -c.diff.high, high: -c.diff.low },
    equivalence: { low: -c.equivalence.high, high: -c.equivalence.low },
  };
}
