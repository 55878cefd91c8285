// The report's tables and lines as plain strings, built once for every reporter: the console,
// Markdown and HTML reporters only escape them and lay them out, so they never disagree.

import type {
  BaselineComparison,
  BaselineGroup,
  BreakEvenRow,
  GateReport,
  PairComparison,
  Report,
  RunSummary,
} from "../analysis/index.js";
import {
  dollarChange,
  dollars,
  formatCaseList,
  formatCount,
  formatDays,
  formatP,
  msChange,
  NO_DATA,
  pCell,
  percent,
  points,
} from "../analysis/index.js";

/** How a reporter may lay a column out: numbers right-aligned, verdicts coloured by their value. */
export type ColumnKind = "text" | "num" | "verdict";

export interface Column {
  head: string;
  kind: ColumnKind;
}

const text = (head: string): Column => ({ head, kind: "text" });
const num = (head: string): Column => ({ head, kind: "num" });
const verdict = (head: string): Column => ({ head, kind: "verdict" });

export const heads = (columns: readonly Column[]): string[] => columns.map((c) => c.head);

const suiteLabel = (suite: string, canary: boolean) => (canary ? `${suite} (canary)` : suite);

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
  verdict("verdict"),
];

export function pairRow(p: PairComparison): string[] {
  return [
    suiteLabel(p.suite, p.canary),
    `${p.candidate} vs ${p.reference}`,
    String(p.n),
    String(p.fixed),
    String(p.broke),
    // No case answered on both sides: there is no difference to show, never "0 pp".
    p.n === 0 ? NO_DATA : `${points(p.diff.value)} [${points(p.diff.low)}, ${points(p.diff.high)}]`,
    pCell(p.p),
    pCell(p.pAdjusted),
    p.verdict,
  ];
}

// Against a baseline run.

export const BASELINE_COLUMNS: readonly Column[] = [
  text("suite"),
  text("strategy"),
  num("matched"),
  num("left out"),
  num("pass before → now"),
  num("regressions"),
  num("fixes"),
  num("added"),
  num("removed"),
  num("format regr."),
  num("Δ $/call"),
  num("Δ p95"),
  num("p (Holm)"),
  verdict("verdict"),
];

const rateOrNoData = (rate: number | null) => (rate === null ? NO_DATA : percent(rate));

export function baselineRow(g: BaselineGroup): string[] {
  return [
    g.suite,
    g.strategy,
    String(g.matched),
    String(g.excluded),
    `${rateOrNoData(g.passRate.baseline)} → ${rateOrNoData(g.passRate.candidate)}`,
    String(g.regressions.length),
    String(g.fixes.length),
    String(g.added.length),
    String(g.removed.length),
    String(g.formatRegressions.length),
    dollarChange(g.cost.change),
    msChange(g.latencyMs.baselineP95, g.latencyMs.candidateP95),
    pCell(g.pAdjusted),
    g.verdict,
  ];
}

/** The canary groups that got worse: "worse at tasks it was not tuned for". */
export function worseCanaries(groups: readonly BaselineGroup[]): string[] {
  return groups
    .filter((g) => g.canary && (g.regressions.length > 0 || g.verdict === "worse"))
    .map((g) => `${g.suite}/${g.strategy}`);
}

/** One line of cases that changed against the baseline: "broke in ticket-triage/prompt: a, b". */
export interface CaseChange {
  what: "broke" | "format broke" | "fixed" | "added" | "removed";
  /** "in" or "from". */
  preposition: string;
  /** suite/strategy */
  where: string;
  /** The case list, at most `max` names and "and N more". */
  cases: string;
}

export function caseChanges(groups: readonly BaselineGroup[], max = 20): CaseChange[] {
  const lines: CaseChange[] = [];
  for (const g of groups) {
    const where = `${g.suite}/${g.strategy}`;
    const add = (what: CaseChange["what"], list: BaselineGroup["regressions"], preposition = "in") => {
      if (list.length) lines.push({ what, preposition, where, cases: formatCaseList(list, max) });
    };
    add("broke", g.regressions);
    add("format broke", g.formatRegressions);
    add("fixed", g.fixes);
    add("added", g.added);
    add("removed", g.removed, "from");
  }
  return lines;
}

/** The baseline comparison's counts in one sentence, saying how many cases were left out. */
export function baselineTotals(b: BaselineComparison): string {
  const t = b.totals;
  const counts = `${t.regressions} regressions (pass → fail), ${t.fixes} fixes, ${t.added} added, ${t.removed} removed, ${t.formatRegressions} format regressions`;
  return t.excluded
    ? `${counts}; only cases answered in both runs are compared: ${t.excluded} cases left out (every call failed in one of the runs)`
    : counts;
}

/** "230 trials, 12 errors, $0.42 spent" and what building retrieval indexes took of it. */
export function totalsText(summary: RunSummary, evaluation = ""): string {
  const { trials, errors, cost, indexing } = summary.totals;
  const index = indexing.builds
    ? ` (${dollars(indexing.cost)} of it embedding notes: ${indexing.builds} retrieval ${indexing.builds === 1 ? "index" : "indexes"}, ${formatCount(indexing.tokens)} tokens)`
    : "";
  return `${trials} trials, ${errors} errors, ${dollars(cost)} spent${index}${evaluation}.`;
}

/** The last line of the gates: how many failed, or that all passed (and whether only the default one ran). */
export function gatesVerdict(g: GateReport): string {
  const failed = g.results.filter((r) => r.status === "fail").length;
  if (failed) return `${failed} of ${g.results.length} failed`;
  if (!g.configured && g.results.length === 0) return "none configured (add gates: to eval.config.yaml)";
  if (!g.configured)
    return `all ${g.results.length} passed (only the default maxErrorRate; add gates: to eval.config.yaml for quality gates)`;
  return `all ${g.results.length} passed`;
}

export function caseChangeText(c: CaseChange): string {
  return `${c.what} ${c.preposition} ${c.where}: ${c.cases}`;
}

// Break-even of fine-tuning.

export const BREAK_EVEN_COLUMNS: readonly Column[] = [
  text("suite"),
  text("pair"),
  num("$/call tuned"),
  num("$/call other"),
  num("saving/call"),
  text("break-even"),
  num("prompt shorter"),
  verdict("quality"),
];

/** The break-even cell: "2,000 calls (2 days)", else the row's sentence (never, unknown). */
export function breakEvenCell(r: BreakEvenRow): string {
  if (r.status !== "pays-off" || r.calls === null || r.days === null) return r.text;
  if (r.calls === 0) return "from the first call";
  return `${formatCount(r.calls)} calls (${formatDays(r.days)})`;
}

export function breakEvenRow(r: BreakEvenRow): string[] {
  return [
    r.suite ?? "all task suites",
    `${r.tuned} vs ${r.alternative}`,
    dollars(r.tunedCostPerCall),
    dollars(r.alternativeCostPerCall),
    dollarChange(r.savingPerCall),
    breakEvenCell(r),
    r.promptReduction === null ? "–" : percent(r.promptReduction),
    r.quality,
  ];
}

export function qualityText(row: BreakEvenRow): string {
  const c = row.comparison;
  if (!c) return `quality ${row.quality}`;
  const detail = `${c.fixed} fixed, ${c.broke} broke, ${formatP(c.p)}`;
  if (row.quality !== "indistinguishable") return `quality significantly ${row.quality} (${detail})`;
  return `quality indistinguishable (${c.verdict}: ${detail})`;
}

/** "tuned vs prompt: pays off after …; saves $0.0012/call; prompts 90% shorter (…); quality …". */
export function breakEvenLine(row: BreakEvenRow): string {
  const saving =
    row.savingPerCall === null
      ? ""
      : row.savingPerCall >= 0
        ? `saves ${dollars(row.savingPerCall)}/call`
        : `costs ${dollars(-row.savingPerCall)}/call more`;
  const tokens = `(${Math.round(row.tunedTokensIn)} vs ${Math.round(row.alternativeTokensIn)} tokens)`;
  const shorter =
    row.promptReduction === null
      ? ""
      : row.promptReduction >= 0
        ? `prompts ${percent(row.promptReduction)} shorter ${tokens}`
        : `prompts ${percent(-row.promptReduction)} longer ${tokens}`;
  const upFront =
    row.alternativeOneOff > 0
      ? `${row.alternative} spent ${dollars(row.alternativeOneOff)} up front building its retrieval index (taken off the one-off cost)`
      : "";
  return [`${row.tuned} vs ${row.alternative}: ${row.text}`, saving, upFront, shorter, qualityText(row)]
    .filter(Boolean)
    .join("; ");
}

export function breakEvenHeading(report: Report): string {
  const be = report.breakEven;
  if (be.rows.length === 0) return "Break-even of fine-tuning: not computed";
  const training =
    be.trainingCost === null
      ? "training cost unknown"
      : `training ${dollars(be.trainingCost)} (${be.trainingSource === "trained-tokens" ? "the job's trained tokens" : "estimate"})`;
  return `Break-even of fine-tuning: ${training} + ${dollars(be.fixedCosts)} fixed costs, at ${formatCount(be.callsPerDay)} calls/day`;
}
