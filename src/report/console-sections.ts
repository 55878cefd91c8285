// Plain-text sections of the console report, one function each; ConsoleReporter composes them.
import Table from "cli-table3";
import type { BaselineGroup, Report } from "../analysis/index.js";
import {
  agreementLines,
  evaluationCostLine,
  GRADE_COLUMNS,
  GRADED_PAIR_COLUMNS,
  gradedPairRow,
  gradedPairs,
  gradeRow,
  JUDGING_TEXT,
  PAIRWISE_COLUMNS,
  pairwiseRow,
} from "./judging-rows.js";
import { MIGRATION_COLUMNS, migrationCaseLines, migrationHeading, migrationRow } from "./migration-rows.js";
import {
  BASELINE_COLUMNS,
  BREAK_EVEN_COLUMNS,
  baselineRow,
  baselineTotals,
  breakEvenHeading,
  breakEvenLine,
  breakEvenRow,
  CANARY_HEADING,
  canaryCalm,
  canaryLine,
  caseChanges,
  caseChangeText,
  decisionLines,
  gatesVerdict,
  heads,
  PAIR_COLUMNS,
  pairRow,
  QUESTION_COLUMNS,
  questionRow,
  REPEAT_COLUMNS,
  repeatRow,
  tunedModelLines,
  vocabulary,
  worseCanaries,
} from "./rows.js";

export function textTable(head: string[], rows: (string | number)[][]): string {
  const table = new Table({
    head,
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const row of rows) table.push(row);
  return table.toString();
}

/** The answer first: per suite, which strategy to use, whether tuning pays off, whether anything regressed. */
export function renderDecisions(report: Report): string {
  if (report.decisions.length === 0) return "";
  const lines = ["Decisions:"];
  for (const d of decisionLines(report)) lines.push(`  ${d.suite}`, ...d.lines.map((l) => `    ${l}`));
  return lines.join("\n");
}

export function renderQuestions(report: Report): string {
  if (report.questions.length === 0) return "";
  return [
    `Primary questions (${vocabulary(report.method)}; power: the smallest drop found 80% of the time at α ${report.method.alpha}):`,
    textTable(heads(QUESTION_COLUMNS), report.questions.map(questionRow)),
  ].join("\n");
}

export function renderPairs(report: Report): string {
  if (report.pairs.length === 0) return "";
  return [
    "Every pair of strategies on the same cases (fixed = the first passes where the second fails; p: exact McNemar; pairs no question asks are exploratory, decided on their own p):",
    textTable(heads(PAIR_COLUMNS), report.pairs.map(pairRow)),
  ].join("\n");
}

export function renderRepeats(report: Report): string {
  if (report.repeats.length === 0) return "";
  return [
    "Repeats (each case one cluster; pass@k: some repeat passed, pass^k: every repeat passed; flip rate: the minority's share of a case's repeats):",
    textTable(heads(REPEAT_COLUMNS), report.repeats.map(repeatRow)),
  ].join("\n");
}

function caseLines(groups: readonly BaselineGroup[]): string[] {
  return caseChanges(groups).map((c) => `  ${caseChangeText(c)}`);
}

export function renderBaseline(report: Report): string {
  const b = report.baseline;
  if (!b) return "";
  const lines = [`Against baseline run ${b.baselineRunId} (${b.baselineSource}): ${baselineTotals(b)}`];
  const task = b.groups.filter((g) => !g.canary);
  const canary = b.groups.filter((g) => g.canary);
  const table = (groups: BaselineGroup[]) => textTable(heads(BASELINE_COLUMNS), groups.map(baselineRow));
  if (task.length) lines.push(table(task), ...caseLines(task));
  if (canary.length) {
    const worse = worseCanaries(canary);
    lines.push(
      worse.length
        ? `Canary suites: worse at tasks it was not tuned for (${worse.join(", ")})`
        : `Canary suites: ${canaryCalm(canary).replace(/^./, (c) => c.toLowerCase())}`,
      table(canary),
      ...caseLines(canary),
    );
  }
  return lines.join("\n");
}

export function renderMigration(report: Report): string {
  const view = report.migration;
  if (!view) return "";
  const lines = [
    migrationHeading(view),
    textTable(
      heads(MIGRATION_COLUMNS),
      view.rows.map((r) => migrationRow(r, view.recorded.strategy)),
    ),
  ];
  const cases = migrationCaseLines(view);
  if (cases.length) lines.push("Disagreements, the most disagreed first:", ...cases.map((l) => `  ${l}`));
  return lines.join("\n");
}

export function renderBreakEven(report: Report): string {
  const be = report.breakEven;
  const lines = [breakEvenHeading(report)];
  for (const line of tunedModelLines(report)) lines.push(`  ${line}`);
  for (const note of be.notes) lines.push(`  note: ${note}`);
  const overall = be.rows.filter((r) => r.suite === null);
  if (overall.length) {
    lines.push("  all task suites together:");
    for (const row of overall) lines.push(`    ${breakEvenLine(row, report.method.margin)}`);
  }
  const perSuite = be.rows.filter((r) => r.suite !== null);
  if (perSuite.length) lines.push(textTable(heads(BREAK_EVEN_COLUMNS), perSuite.map(breakEvenRow)));
  if (report.canary.length) {
    lines.push(`${CANARY_HEADING}:`);
    for (const c of report.canary) lines.push(`  ${canaryLine(c)}`);
  }
  return lines.join("\n");
}

export function renderGates(report: Report): string {
  const g = report.gates;
  const lines: string[] = [];
  const open = g.results.filter((r) => r.status !== "pass");
  for (const r of open) lines.push(r.message);
  for (const note of g.notes) lines.push(`note: ${note}`);
  lines.push(`gates: ${gatesVerdict(g)}`);
  return lines.join("\n");
}

export function renderJudging(report: Report): string {
  const j = report.judging;
  const blocks: string[][] = [];
  if (j.grades.length)
    blocks.push([JUDGING_TEXT.grades, textTable(heads(GRADE_COLUMNS), j.grades.map(gradeRow))]);
  const graded = gradedPairs(report);
  if (graded.length)
    blocks.push([JUDGING_TEXT.graded, textTable(heads(GRADED_PAIR_COLUMNS), graded.map(gradedPairRow))]);
  if (j.pairwise.length)
    blocks.push([JUDGING_TEXT.pairwise, textTable(heads(PAIRWISE_COLUMNS), j.pairwise.map(pairwiseRow))]);
  const reliability = agreementLines(report);
  const cost = evaluationCostLine(report);
  if (reliability.length || j.warnings.length || cost)
    blocks.push([
      ...(reliability.length || j.warnings.length ? [JUDGING_TEXT.reliability] : []),
      ...reliability.map((line) => `  ${line}`),
      ...j.warnings.map((w) => `  warning: ${w}`),
      ...(cost ? [cost] : []),
    ]);
  return blocks.map((b) => b.join("\n")).join("\n\n");
}
