// The judging section's tables and lines as plain strings, built once for every reporter (as
// rows.ts does for the rest): graded scores, graded comparisons, the pairwise judge, judge
// reliability and the evaluation cost.
import type { GradedComparison, GradeRow, PairComparison, PairwiseRow, Report } from "../analysis/index.js";
import { dollars, pCell, percent } from "../analysis/index.js";
import { type Column, num, suiteLabel, text, verdict } from "./columns.js";

/** The headings of the judging section's parts. */
export const JUDGING_TEXT = {
  grades:
    "Graded scores (judge: the rubric's grade on its scale; similar: cosine to the reference; mean over cases [bootstrap 95% CI]):",
  graded:
    "Graded scores compared on the same cases (Δ mean: paired bootstrap 95% CI; p: Wilcoxon signed-rank, Holm across graded comparisons; equivalent: the 90% interval inside ±margin of the 0..1 scale):",
  pairwise:
    "Pairwise judge (each case judged twice with the positions swapped; opposite votes cancel into a tie; p: sign test of wins against losses):",
  reliability: "Judge reliability:",
} as const;

/** "4.2/5 [3.9–4.6]" on a judge's scale, "0.83 [0.78–0.88]" for a 0..1 score. */
export function gradeWithInterval(g: {
  mean: number;
  low: number;
  high: number;
  scale: [number, number] | null;
}): string {
  const at = (v: number) =>
    g.scale ? (g.scale[0] + v * (g.scale[1] - g.scale[0])).toFixed(1) : v.toFixed(2);
  return `${at(g.mean)}${g.scale ? `/${g.scale[1]}` : ""} [${at(g.low)}–${at(g.high)}]`;
}

function signed(text: string, value: number): string {
  return value > 0 ? `+${text}` : value < 0 ? `−${text.replace("-", "")}` : text;
}

/** A difference of 0..1 grades: points on the judge's scale, else in 0..1 units. */
export function gradeDiff(value: number, scale: [number, number] | null): string {
  const v = scale ? value * (scale[1] - scale[0]) : value;
  return signed(Math.abs(v).toFixed(scale ? 1 : 2), Number(v.toFixed(scale ? 1 : 2)));
}

export const GRADE_COLUMNS: readonly Column[] = [
  text("suite"),
  text("strategy"),
  text("scorer"),
  num("cases"),
  num("mean [95% CI]"),
  num("pass"),
  num("errors"),
];

export function gradeRow(g: GradeRow): string[] {
  return [
    suiteLabel(g.suite, g.canary),
    g.strategy,
    g.scorer,
    String(g.n),
    g.n === 0 ? "–" : gradeWithInterval(g),
    percent(g.passRate),
    String(g.errors),
  ];
}

export const GRADED_PAIR_COLUMNS: readonly Column[] = [
  text("suite"),
  text("pair"),
  text("scorer"),
  num("n"),
  num("Δ mean [95% CI]"),
  num("p"),
  num("p (Holm)"),
  verdict("decision"),
];

/** Every graded comparison of the run, with the pair it belongs to. */
export function gradedPairs(report: Report): { pair: PairComparison; graded: GradedComparison }[] {
  return report.pairs.flatMap((pair) => pair.graded.map((graded) => ({ pair, graded })));
}

export function gradedPairRow({
  pair,
  graded: g,
}: {
  pair: PairComparison;
  graded: GradedComparison;
}): string[] {
  return [
    suiteLabel(pair.suite, pair.canary),
    `${pair.candidate} vs ${pair.reference}`,
    g.scorer,
    String(g.n),
    `${gradeDiff(g.diff.value, g.scale)} [${gradeDiff(g.diff.low, g.scale)}, ${gradeDiff(g.diff.high, g.scale)}]`,
    pCell(g.p),
    pCell(g.pAdjusted),
    g.decision,
  ];
}

export const PAIRWISE_COLUMNS: readonly Column[] = [
  text("suite"),
  text("pair"),
  text("judge"),
  num("n"),
  num("wins"),
  num("losses"),
  num("ties"),
  num("same both orders"),
  num("p"),
  num("errors"),
  verdict("decision"),
];

export function pairwiseRow(r: PairwiseRow): string[] {
  return [
    suiteLabel(r.suite, r.canary),
    `${r.candidate} vs ${r.other}`,
    r.judge,
    String(r.n),
    String(r.wins),
    String(r.losses),
    String(r.ties),
    percent(r.consistent),
    pCell(r.p),
    String(r.errors),
    r.decision,
  ];
}

/** One line per suite: judge-human kappa and judge self-agreement. */
export function agreementLines(report: Report): string[] {
  return report.judging.agreement.map((a) => {
    const human = a.human
      ? `judge–human agreement κ ${a.human.kappa === null ? "undefined" : a.human.kappa.toFixed(2)} on ${a.human.n} labelled answers (${percent(a.human.observed)} agree${a.human.disagreements.length ? `; differ on ${a.human.disagreements.join(", ")}` : ""})`
      : "no labelled answers (add `labels:` to cases to measure judge–human agreement)";
    const self = a.self
      ? `self-agreement over ${a.self.k} grades of ${a.self.answers} answers: same score ${percent(a.self.sameScore)}, same verdict ${percent(a.self.sameVerdict)}`
      : "self-agreement not measured (run.judgeRepeat 1)";
    return `${a.suite} (${a.judges.join(", ")}): ${human}; ${self}`;
  });
}

/** " (+ $0.065 evaluation cost: judges and embeddings)" for the run's totals line, or "". */
export function evaluationCostSuffix(report: Report): string {
  const { total } = report.judging.cost;
  return total.calls ? ` (+ ${dollars(total.spent)} evaluation cost: judges and embeddings)` : "";
}

/** "Evaluation cost (…): $0.065 spent on 112 calls, 51 cached ($0.078 without the cache)", or "". */
export function evaluationCostLine(report: Report): string {
  const { total } = report.judging.cost;
  if (total.calls === 0) return "";
  const cached = total.cached ? `, ${total.cached} cached (${dollars(total.total)} without the cache)` : "";
  return `Evaluation cost (judges and embeddings, not part of any strategy's $/call): ${dollars(total.spent)} spent on ${total.calls} calls${cached}`;
}
