// The decision-first parts of the report as plain strings: the vocabulary, the decision lines,
// the primary questions, every pair and the repeats. Built once; every reporter lays them out.
import type {
  DecisionMethod,
  PairComparison,
  Question,
  QuestionKind,
  RepeatGroup,
  Report,
} from "../analysis/index.js";
import { pCell, percent, points, powerText } from "../analysis/index.js";
import { type Column, delta, num, suiteLabel, text, verdict } from "./columns.js";

/** The one vocabulary, in one sentence every reporter prints beside its comparisons. */
export function vocabulary(m: DecisionMethod): string {
  const margin = points(m.margin).replace("+", "");
  return (
    `better / worse: significant (exact McNemar p < ${m.alpha}, Holm within each primary question's family); ` +
    `equivalent: the ${Math.round((1 - 2 * m.alpha) * 100)}% interval of the difference lies inside ±${margin}; ` +
    "inconclusive: neither, the data cannot tell"
  );
}

export function decisionLines(report: Report): { suite: string; lines: string[]; regressed: boolean }[] {
  return report.decisions.map((d) => ({
    suite: suiteLabel(d.suite, d.canary),
    lines: [d.useText, d.tuningText, d.regressionText],
    regressed: d.regressed,
  }));
}

// The primary questions.

export const QUESTION_TITLES: Record<QuestionKind, string> = {
  best: "which is best",
  tuned: "tuned vs best untuned",
  forgetting: "did tuning forget? (canary)",
  regression: "regressed vs baseline run",
};

export const QUESTION_COLUMNS: readonly Column[] = [
  text("suite"),
  text("question"),
  text("pair"),
  num("n"),
  num("fixed"),
  num("broke"),
  num("Δ pass [95% CI]"),
  num("p (Holm)"),
  verdict("decision"),
  text("power"),
];

export function questionRow(q: Question): string[] {
  return [
    suiteLabel(q.suite, q.canary),
    QUESTION_TITLES[q.kind],
    q.label,
    String(q.n),
    String(q.fixed),
    String(q.broke),
    delta(q),
    `${pCell(q.pAdjusted)}${q.familySize > 1 ? ` (of ${q.familySize})` : ""}${q.decidedBy !== q.kind ? ` as "${QUESTION_TITLES[q.decidedBy]}"` : ""}`,
    q.decision,
    powerText(q),
  ];
}

// Strategies compared on the same cases.

export const PAIR_COLUMNS: readonly Column[] = [
  text("suite"),
  text("pair"),
  num("n"),
  num("fixed"),
  num("broke"),
  num("Δ pass [95% CI]"),
  num("p"),
  num("p (Holm)"),
  verdict("decision"),
  text("asked by"),
];

export function pairRow(p: PairComparison): string[] {
  return [
    suiteLabel(p.suite, p.canary),
    `${p.candidate} vs ${p.reference}`,
    String(p.n),
    String(p.fixed),
    String(p.broke),
    delta(p),
    pCell(p.p),
    p.pAdjusted === null ? "–" : pCell(p.pAdjusted),
    p.decision,
    p.questions.length ? p.questions.map((k) => QUESTION_TITLES[k]).join("; ") : "exploratory",
  ];
}

// Repeats.

export const REPEAT_COLUMNS: readonly Column[] = [
  text("suite"),
  text("strategy"),
  num("k"),
  num("cases"),
  num("pass [95% CI, clustered]"),
  num("pass@k"),
  num("pass^k"),
  num("mean flip rate"),
  text("flaky cases"),
];

export function repeatRow(r: RepeatGroup): string[] {
  const flaky = r.caseFlips.filter((c) => c.flipRate > 0);
  return [
    suiteLabel(r.suite, r.canary),
    r.strategy,
    String(r.k),
    String(r.cases),
    `${percent(r.pass.rate)} [${percent(r.pass.low)}–${percent(r.pass.high)}]`,
    `${percent(r.passAtK)} of ${r.cases}`,
    `${percent(r.passAllK)} of ${r.cases}`,
    percent(r.meanFlipRate),
    flaky.length
      ? `${flaky.length}: ${flaky
          .slice(0, 10)
          .map((c) => `${c.caseId} (${c.passed}/${c.answered})`)
          .join(", ")}${flaky.length > 10 ? ` and ${flaky.length - 10} more` : ""}`
      : "none",
  ];
}
