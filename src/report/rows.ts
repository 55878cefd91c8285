// The report's tables and lines as plain strings, built once for every reporter: the console,
// Markdown and HTML reporters only escape them and lay them out, so they never disagree.

import type {
  BaselineComparison,
  BaselineGroup,
  BreakEvenRow,
  GateReport,
  Report,
  RunSummary,
} from "../analysis/index.js";
import {
  dollarChange,
  dollars,
  evidence,
  formatCaseList,
  formatCount,
  formatDays,
  msChange,
  NO_DATA,
  pCell,
  percent,
} from "../analysis/index.js";
import { type Column, num, text, verdict } from "./columns.js";

export { type Column, type ColumnKind, heads } from "./columns.js";
export * from "./decision-rows.js";
export * from "./tuned-rows.js";

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
  verdict("decision"),
];

const rateOrNoData = (rate: number | null) => (rate === null ? NO_DATA : percent(rate));

/** "tuned@triage (baseline: tuned)" when the baseline ran another strategy on these cases. */
const compared = (g: BaselineGroup) =>
  g.baselineStrategy ? `${g.strategy} (baseline: ${g.baselineStrategy})` : g.strategy;

export function baselineRow(g: BaselineGroup): string[] {
  return [
    g.suite,
    compared(g),
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
    g.decision,
  ];
}

/** The canary groups that got (significantly) worse: "worse at tasks it was not tuned for". */
export function worseCanaries(groups: readonly BaselineGroup[]): string[] {
  return groups.filter((g) => g.canary && g.decision === "worse").map((g) => `${g.suite}/${g.strategy}`);
}

/** The canary line when nothing is significantly worse: broken cases are listed, never hidden. */
export function canaryCalm(groups: readonly BaselineGroup[]): string {
  const broke = groups.reduce((n, g) => n + g.regressions.length, 0);
  return broke === 0
    ? "No regressions on tasks it was not tuned for."
    : `Not significantly worse at tasks it was not tuned for; ${broke} ${broke === 1 ? "case" : "cases"} broke (listed below).`;
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
  const open = g.results.filter((r) => r.status === "inconclusive");
  if (failed || open.length) {
    const blocking = open.filter((r) => r.onInconclusive !== "warn").length;
    const parts = failed ? [`${failed} of ${g.results.length} failed`] : [];
    if (open.length)
      parts.push(
        `${open.length} inconclusive (${blocking ? `${blocking} fail CI` : "warnings only"}: maxDrop cannot tell)`,
      );
    return parts.join(", ");
  }
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
  text("tuned model"),
  num("training"),
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
    r.model,
    dollars(r.trainingCost),
    dollars(r.tunedCostPerCall),
    dollars(r.alternativeCostPerCall),
    dollarChange(r.savingPerCall),
    breakEvenCell(r),
    r.promptReduction === null ? "–" : percent(r.promptReduction),
    r.quality ?? "–",
  ];
}

export function qualityText(row: BreakEvenRow, margin: number): string {
  const c = row.comparison;
  if (!c || !row.quality) return "quality not compared";
  const role = c.primary ? "" : ", exploratory";
  return `quality ${row.quality} (${evidence({ ...c, decision: row.quality }, margin)}${role})`;
}

/** "tuned vs prompt: pays off after …; saves $0.0012/call; prompts 90% shorter (…); quality …". */
export function breakEvenLine(row: BreakEvenRow, margin: number): string {
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
  return [
    `${row.tuned} vs ${row.alternative}: ${row.text}`,
    saving,
    upFront,
    shorter,
    qualityText(row, margin),
  ]
    .filter(Boolean)
    .join("; ");
}

export function breakEvenHeading(report: Report): string {
  const be = report.breakEven;
  if (be.rows.length === 0) return "Break-even of fine-tuning: not computed";
  const training =
    be.models.length > 1
      ? "each suite against the training of the model that serves it"
      : be.trainingCost === null
        ? "training cost unknown"
        : `training ${dollars(be.trainingCost)} (${be.trainingSource === "trained-tokens" ? "the job's trained tokens" : "estimate"})`;
  return `Break-even of fine-tuning: ${training} + ${dollars(be.fixedCosts)} fixed costs, at ${formatCount(be.callsPerDay)} calls/day`;
}
