// Model-graded results of a run: grades per group, the pairwise judge's verdicts, how far the
// judges agree with people and with themselves, and what judging cost (apart from $/call).
import type { JudgmentRecord, LabelJudgment, PairJudgment, Score, TrialRecord } from "../runlog/index.js";
import { cohensKappa, decideByTest, mcnemarExact, pairedDiffInterval } from "../stats/index.js";
import { DEFAULT_DECISIONS, type DecisionSettings } from "./compare.js";
import { addCost, noEvalCost as zero } from "./eval-cost.js";
import { gradeRows } from "./grades.js";
import type { JudgeAgreement, JudgingReport, PairwiseRow } from "./model.js";

/** Below this Cohen's kappa a judge agrees with people too little to stand in for them. */
export const MIN_KAPPA = 0.6;

/** A judge score's k grades and pass mark (details.samples), for self-agreement. */
function samplesOf(score: Score): { scores: number[]; pass: number } | null {
  const samples = score.details?.samples;
  const pass = score.details?.pass;
  if (!Array.isArray(samples) || typeof pass !== "number") return null;
  const scores = samples.flatMap((s) =>
    typeof (s as { score?: unknown }).score === "number" ? [(s as { score: number }).score] : [],
  );
  return { scores, pass };
}

const judgeName = (s: Score) =>
  typeof s.details?.endpoint === "string" ? `${s.details.endpoint}/${String(s.details.model)}` : null;

/**
 * The pairwise judge's preferences of one pair, decided in the one vocabulary: the sign test of
 * wins against losses for significance; for equivalence the 90 % interval of (wins − losses)/n,
 * Newcombe's paired interval with a tie as a case both sides "won".
 */
function pairwiseDecision(wins: number, losses: number, ties: number, p: number, s: DecisionSettings) {
  const interval = pairedDiffInterval(
    { both: ties, onlyA: losses, onlyB: wins, neither: 0 },
    1 - 2 * s.alpha,
  );
  return decideByTest(p, s.alpha, interval, s.margin);
}

function pairwiseRows(
  judgments: readonly PairJudgment[],
  canary: Map<string, boolean>,
  settings: DecisionSettings,
): PairwiseRow[] {
  const groups = new Map<string, PairJudgment[]>();
  for (const j of judgments) {
    const key = [j.suite, ...j.strategies].join("\u0000");
    const list = groups.get(key);
    if (list) list.push(j);
    else groups.set(key, [j]);
  }
  return [...groups.values()].map((list) => {
    const first = list[0] as PairJudgment;
    const judged = list.filter((j) => j.outcome !== null);
    const count = (o: string) => judged.filter((j) => j.outcome === o).length;
    const wins = count("win");
    const losses = count("loss");
    const p = mcnemarExact(wins, losses);
    const ties = count("tie");
    return {
      suite: first.suite,
      canary: canary.get(first.suite) ?? false,
      candidate: first.strategies[0],
      other: first.strategies[1],
      judge: `${first.judge.endpoint}/${first.judge.model}`,
      n: judged.length,
      wins,
      losses,
      ties,
      errors: list.length - judged.length,
      consistent: judged.length ? judged.filter((j) => j.consistent).length / judged.length : null,
      p,
      decision: pairwiseDecision(wins, losses, ties, p, settings),
    };
  });
}

function agreementOf(
  suite: string,
  trials: readonly TrialRecord[],
  labels: readonly LabelJudgment[],
): JudgeAgreement {
  const judgeScores = [
    ...trials.flatMap((t) => t.scores.filter((s) => s.scorer === "judge")),
    ...labels.map((l) => l.score),
  ];
  const judges = [...new Set(judgeScores.flatMap((s) => judgeName(s) ?? []))];
  const decided = labels.filter((l) => !l.score.error && l.score.pass !== undefined);
  const agreement = cohensKappa(
    decided.map((l) => l.humanPass),
    decided.map((l) => l.score.pass === true),
  );
  const repeated = judgeScores.flatMap((s) => {
    const samples = samplesOf(s);
    return samples && samples.scores.length > 1 ? [samples] : [];
  });
  const allSame = (xs: readonly unknown[]) => xs.every((x) => x === xs[0]);
  return {
    suite,
    judges,
    human: decided.length
      ? {
          n: agreement.n,
          kappa: agreement.kappa,
          observed: agreement.observed,
          disagreements: decided
            .filter((l) => l.humanPass !== l.score.pass)
            .map((l) => `${l.caseId}#${l.index + 1}`),
        }
      : null,
    self: repeated.length
      ? {
          answers: repeated.length,
          k: repeated.reduce((max, r) => Math.max(max, r.scores.length), 0),
          sameScore: repeated.filter((r) => allSame(r.scores)).length / repeated.length,
          sameVerdict:
            repeated.filter((r) => allSame(r.scores.map((x) => x >= r.pass))).length / repeated.length,
        }
      : null,
  };
}

/** The judging section of the report, from the trials (ordered as the report lists them) and judgments. */
export function analyzeJudging(
  trials: readonly TrialRecord[],
  judgments: readonly JudgmentRecord[],
  seed = 1,
  settings: DecisionSettings = DEFAULT_DECISIONS,
): JudgingReport {
  const canary = new Map<string, boolean>();
  for (const t of trials) canary.set(t.suite, (canary.get(t.suite) ?? false) || t.canary);
  const pairs = judgments.filter((j): j is PairJudgment => j.kind === "pairwise");
  const labels = judgments.filter((j): j is LabelJudgment => j.kind === "labelled");
  const suites = [...new Set([...canary.keys(), ...judgments.map((j) => j.suite)])];
  const agreement = suites
    .map((suite) =>
      agreementOf(
        suite,
        trials.filter((t) => t.suite === suite),
        labels.filter((l) => l.suite === suite),
      ),
    )
    .filter((a) => a.judges.length > 0);
  const cost = { total: zero(), scorers: zero(), pairwise: zero(), labelled: zero() };
  for (const t of trials) for (const s of t.scores) addCost(cost.scorers, s.cost);
  for (const p of pairs) addCost(cost.pairwise, p.cost);
  for (const l of labels) addCost(cost.labelled, l.score.cost);
  for (const part of [cost.scorers, cost.pairwise, cost.labelled]) addCost(cost.total, part);
  const grades = gradeRows(trials, seed);
  const warnings: string[] = [];
  for (const a of agreement)
    if (a.human && (a.human.kappa === null || a.human.kappa < MIN_KAPPA))
      warnings.push(
        `${a.suite}: the judge agrees with the human labels at κ ${a.human.kappa === null ? "undefined" : a.human.kappa.toFixed(2)} on ${a.human.n} labelled answers, below ${MIN_KAPPA}: do not trust its grades without reading them`,
      );
  for (const g of grades)
    if (g.errors > 0)
      warnings.push(
        `${g.suite}/${g.strategy}: ${g.errors} ${g.scorer} error(s) (no verdict): left out of the grades, never counted as failures`,
      );
  return { grades, pairwise: pairwiseRows(pairs, canary, settings), agreement, cost, warnings };
}
