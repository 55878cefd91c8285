// The primary questions, per suite, each a small family Holm-corrected on its own (never all pairs
// of the run at once: 36 comparisons would bury the one that matters). Every other pair is
// exploratory and decided on its own p. See docs/report-schema.md "Decisions".
import { STRATEGY_KINDS } from "../config/index.js";
import { tunedBase } from "../model/index.js";
import { holm } from "../stats/index.js";
import { type DecisionSettings, decisionOf } from "./compare.js";
import type { PairComparison, Question, QuestionKind } from "./model.js";
import { findPair, orient, type RawPair } from "./pairs.js";
import { powerOf } from "./power.js";
import { type GroupSummary, hasData, type MeasuredRate } from "./summary.js";

/** A group with a pass rate: some trial of it got an answer. */
export type Rated = GroupSummary & { pass: MeasuredRate };

/** Highest pass rate first; ties to the cheaper call. */
export const byQuality = (a: Rated, b: Rated) =>
  b.pass.rate - a.pass.rate ||
  (a.cost.perCall ?? Number.POSITIVE_INFINITY) - (b.cost.perCall ?? Number.POSITIVE_INFINITY);

/** A suite's strategies that got an answer, best first. */
export function ranked(groups: readonly GroupSummary[], suite: string): Rated[] {
  return groups.filter((g): g is Rated => g.suite === suite && hasData(g.pass)).sort(byQuality);
}

/**
 * The untuned strategy a tuned one is measured against for forgetting: a baseline-type strategy on
 * the tuned model's base model (ft:<base>:…), else the first baseline-type strategy.
 */
export function untunedBase(tuned: GroupSummary, suiteGroups: readonly GroupSummary[]): GroupSummary | null {
  const baselines = suiteGroups.filter((g) => g.strategyType === "baseline");
  const base = tunedBase(tuned.model);
  return baselines.find((g) => g.model === base) ?? baselines[0] ?? null;
}

interface Asked {
  kind: QuestionKind;
  suite: string;
  candidate: string;
  reference: string;
  label: string;
}

/** The questions of one suite, grouped by family (kind). */
function ask(groups: readonly GroupSummary[], suite: string): Asked[][] {
  const list = ranked(groups, suite);
  const top = list[0];
  if (!top) return [];
  const canary = list.some((g) => g.canary);
  const q = (kind: QuestionKind, c: GroupSummary, r: GroupSummary, label: string): Asked => ({
    kind,
    suite,
    candidate: c.strategy,
    reference: r.strategy,
    label,
  });
  const best = list.slice(1).map((g) => q("best", top, g, `${top.strategy} vs ${g.strategy}`));
  const tuned = list.filter((g) => g.strategyType === "tuned");
  const untuned = list.filter((g) => STRATEGY_KINDS[g.strategyType].untuned);
  const rival = untuned[0];
  const versus = rival
    ? tuned.map((t) => q("tuned", t, rival, `${t.strategy} vs ${rival.strategy}, the best untuned strategy`))
    : [];
  const forgetting: Asked[] = [];
  if (canary)
    for (const t of tuned) {
      const base = untunedBase(t, list);
      if (base)
        forgetting.push(
          q("forgetting", t, base, `${t.strategy} vs ${base.strategy}, the untuned ${base.model}`),
        );
    }
  return [best, versus, forgetting].filter((family) => family.length > 0);
}

/**
 * When one pair answers two questions (on a canary suite tuned vs baseline may be the best
 * untuned rival, the base model and the runner-up at once), the most specific question decides it,
 * in its own family: so the pair reads the same everywhere, and the forgetting question is never
 * diluted by the family of "which is best".
 */
const SPECIFIC: readonly QuestionKind[] = ["forgetting", "tuned", "best"];

/**
 * Asks the primary questions of every suite on the unadjusted pairs: Holm within each family,
 * then every pair is decided (exploratory ones on their own p). Returns the decided pairs and the
 * questions, in suite order.
 */
export function askQuestions(
  raw: readonly RawPair[],
  groups: readonly GroupSummary[],
  suiteOrder: readonly string[],
  settings: DecisionSettings,
): { pairs: PairComparison[]; questions: Question[] } {
  const adjusted = new Map<RawPair, { kinds: QuestionKind[]; p: number; by: QuestionKind; size: number }>();
  const asked: { q: Asked; pair: RawPair }[] = [];
  for (const suite of suiteOrder)
    for (const family of ask(groups, suite)) {
      const pairs = family.map((q) => findPair(raw, suite, q.candidate, q.reference) as RawPair);
      const ps = holm(pairs.map((p) => p.p));
      pairs.forEach((pair, i) => {
        const kind = family[i]?.kind as QuestionKind;
        const seen = adjusted.get(pair);
        const decides = !seen || SPECIFIC.indexOf(kind) < SPECIFIC.indexOf(seen.by);
        adjusted.set(pair, {
          kinds: seen ? [...seen.kinds, kind] : [kind],
          p: decides ? (ps[i] ?? 1) : (seen?.p ?? 1),
          by: decides ? kind : (seen?.by ?? kind),
          size: decides ? family.length : (seen?.size ?? family.length),
        });
        asked.push({ q: family[i] as Asked, pair });
      });
    }
  const decided = new Map<RawPair, PairComparison>();
  for (const pair of raw) {
    const a = adjusted.get(pair);
    const pAdjusted = a ? a.p : null;
    decided.set(pair, {
      ...pair,
      questions: a?.kinds ?? [],
      pAdjusted,
      decision: decisionOf(pair, pAdjusted ?? pair.p, settings),
    });
  }
  const questions = asked.map(({ q, pair }): Question => {
    const d = orient(decided.get(pair) as PairComparison, q.candidate);
    const { questions: _kinds, pAdjusted, graded: _graded, ...comparison } = d;
    const a = adjusted.get(pair);
    return {
      ...comparison,
      kind: q.kind,
      label: q.label,
      familySize: a?.size ?? 1,
      pAdjusted: pAdjusted ?? d.p,
      decidedBy: a?.by ?? q.kind,
      power: powerOf(d, settings.alpha),
    };
  });
  return { pairs: raw.map((p) => decided.get(p) as PairComparison), questions };
}
