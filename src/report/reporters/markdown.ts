import type { BaselineGroup, Report } from "../../analysis/index.js";
import {
  dollars,
  milliseconds,
  perPassingCall,
  rateWithInterval,
  round,
  SIMULATED_BANNER,
} from "../../analysis/index.js";
import {
  agreementLines,
  evaluationCostLine,
  evaluationCostSuffix,
  GRADE_COLUMNS,
  GRADED_PAIR_COLUMNS,
  gradedPairRow,
  gradedPairs,
  gradeRow,
  JUDGING_TEXT,
  PAIRWISE_COLUMNS,
  pairwiseRow,
} from "../judging-rows.js";
import { MIGRATION_COLUMNS, migrationCaseLines, migrationHeading, migrationRow } from "../migration-rows.js";
import type { Reporter, ReportInfo } from "../reporter.js";
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
  decisionLines,
  gatesVerdict,
  heads,
  PAIR_COLUMNS,
  pairRow,
  QUESTION_COLUMNS,
  questionRow,
  REPEAT_COLUMNS,
  repeatRow,
  totalsText,
  tunedModelLines,
  vocabulary,
  worseCanaries,
} from "../rows.js";
import { writeReportFile } from "./file.js";

export const MARKDOWN_REPORT_FILE = "report.md";

/** Safe inside a Markdown table cell: no pipes, no line breaks, no HTML. */
export function mdCell(value: string | number): string {
  return String(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");
}

export function mdTable(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(mdCell).join(" | ")} |`;
  return [line(head), `| ${head.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

function baselineTable(groups: readonly BaselineGroup[]): string {
  return mdTable(heads(BASELINE_COLUMNS), groups.map(baselineRow));
}

function baselineCases(groups: readonly BaselineGroup[]): string[] {
  return caseChanges(groups, 50).map(
    (c) =>
      `- ${c.what === "broke" ? "**broke**" : c.what} ${c.preposition} \`${c.where}\`: ${mdCell(c.cases)}`,
  );
}

/**
 * The report as GitHub-flavoured Markdown: fits $GITHUB_STEP_SUMMARY and PR comments (aggregates
 * and case ids only; the model outputs are in report.html).
 */
export function renderMarkdown(report: Report): string {
  const out: string[] = [`# tunebench report: run ${mdCell(report.run.runId)}`, ""];
  if (report.run.simulated) out.push(`> **SIMULATED**: ${SIMULATED_BANNER.replace(/^SIMULATED: /, "")}`, "");
  if (report.decisions.length) {
    out.push("## Decisions", "");
    for (const d of decisionLines(report))
      out.push(`**${mdCell(d.suite)}**`, "", ...d.lines.map((l) => `- ${mdCell(l)}`), "");
    out.push(`<sub>${mdCell(vocabulary(report.method))}.</sub>`, "");
  }
  for (const r of report.retirements ?? []) out.push(`> **Retiring**: ${mdCell(r.text)}`, "");
  const g = report.gates;
  const failed = g.results.filter((r) => r.status === "fail");
  const open = g.results.filter((r) => r.status === "inconclusive");
  if (!failed.length && !open.length)
    out.push(
      g.results.length
        ? `**Gates: ✅ ${mdCell(gatesVerdict(g))}**`
        : `**Gates:** ${mdCell(gatesVerdict(g))}.`,
      "",
    );
  else {
    out.push(`**Gates: ${g.passed ? "⚠️" : "❌"} ${mdCell(gatesVerdict(g))}**`, "");
    for (const r of [...failed, ...open]) out.push(`- ${mdCell(r.message)}`);
    out.push("");
  }

  const s = report.summary;
  out.push(
    "## Results by suite and strategy",
    "",
    mdTable(
      [
        "suite",
        "strategy",
        "model",
        "cases",
        "format [95% CI]",
        "pass [95% CI]",
        "halluc.",
        "tok in (mean/median)",
        "tok out (mean/median)",
        "$/call",
        "$/passing call",
        "p50",
        "p95",
        "errors",
      ],
      s.groups.map((x) => [
        x.canary ? `${x.suite} (canary)` : x.suite,
        x.strategy,
        x.model,
        x.cases,
        rateWithInterval(x.format),
        rateWithInterval(x.pass),
        rateWithInterval(x.hallucination),
        `${round(x.tokensIn.mean, 0)} / ${round(x.tokensIn.median, 0)}`,
        `${round(x.tokensOut.mean, 0)} / ${round(x.tokensOut.median, 0)}`,
        dollars(x.cost.perCall),
        perPassingCall(x),
        milliseconds(x.latencyMs.p50),
        milliseconds(x.latencyMs.p95),
        x.errors,
      ]),
    ),
    "",
    mdCell(totalsText(s, evaluationCostSuffix(report))) +
      (s.unavailable.length
        ? ` Skipped: ${s.unavailable.map((u) => `${u.strategy} (${u.reason})`).join("; ")}.`
        : ""),
    "",
  );

  const view = report.migration;
  if (view) {
    out.push(
      "## Keep, replace or re-tune",
      "",
      mdCell(migrationHeading(view)),
      "",
      mdTable(
        heads(MIGRATION_COLUMNS),
        view.rows.map((r) => migrationRow(r, view.recorded.strategy)),
      ),
      "",
    );
    const cases = migrationCaseLines(view);
    if (cases.length)
      out.push("Disagreements, the most disagreed first:", "", ...cases.map((l) => `- ${mdCell(l)}`), "");
  }

  if (report.questions.length) {
    out.push(
      "## Primary questions",
      "",
      `Each a family Holm-corrected on its own. ${mdCell(vocabulary(report.method))}. Power: the smallest drop in pass rate found 80% of the time at α ${report.method.alpha}.`,
      "",
      mdTable(heads(QUESTION_COLUMNS), report.questions.map(questionRow)),
      "",
    );
  }
  if (report.pairs.length) {
    out.push(
      "## Every pair of strategies on the same cases",
      "",
      "fixed = the first strategy passes where the second fails; p = exact McNemar; Δ = Newcombe's paired 95% interval. Pairs no primary question asks are *exploratory*: decided on their own, unadjusted p.",
      "",
      mdTable(heads(PAIR_COLUMNS), report.pairs.map(pairRow)),
      "",
    );
  }
  if (report.repeats.length) {
    out.push(
      "## Repeats",
      "",
      "Each case is one cluster: pass@k = some repeat passed, pass^k = every repeat passed, flip rate = the minority's share of a case's repeats.",
      "",
      mdTable(heads(REPEAT_COLUMNS), report.repeats.map(repeatRow)),
      "",
    );
  }

  out.push(...judgingMarkdown(report));

  const b = report.baseline;
  if (b) {
    out.push(`## Against baseline run ${mdCell(b.baselineRunId)}`, "", `${mdCell(baselineTotals(b))}.`, "");
    const task = b.groups.filter((x) => !x.canary);
    const canary = b.groups.filter((x) => x.canary);
    if (task.length) out.push(baselineTable(task), "", ...baselineCases(task), "");
    if (canary.length) {
      const worse = worseCanaries(canary);
      out.push(
        "### Canary suites",
        "",
        worse.length
          ? `**Worse at tasks it was not tuned for**: ${worse.map((x) => `\`${x}\``).join(", ")}.`
          : canaryCalm(canary),
        "",
        baselineTable(canary),
        "",
        ...baselineCases(canary),
        "",
      );
    }
  }

  const be = report.breakEven;
  out.push("## Break-even of fine-tuning", "", mdCell(breakEvenHeading(report)), "");
  const models = tunedModelLines(report);
  for (const line of models) out.push(`- ${mdCell(line)}`);
  if (models.length) out.push("");
  for (const note of be.notes) out.push(`- ${mdCell(note)}`);
  if (be.notes.length) out.push("");
  const overall = be.rows.filter((r) => r.suite === null);
  if (overall.length) {
    out.push("All task suites together:", "");
    for (const r of overall) out.push(`- ${mdCell(breakEvenLine(r, report.method.margin))}`);
    out.push("");
  }
  const perSuite = be.rows.filter((r) => r.suite !== null);
  if (perSuite.length) out.push(mdTable(heads(BREAK_EVEN_COLUMNS), perSuite.map(breakEvenRow)), "");
  if (report.canary.length)
    out.push(`### ${CANARY_HEADING}`, "", ...report.canary.map((c) => `- ${mdCell(canaryLine(c))}`), "");

  if (g.results.length || g.notes.length) {
    out.push("## Gates", "");
    for (const r of failed) out.push(`- ❌ ${mdCell(r.message)}`);
    for (const r of open) out.push(`- ${r.onInconclusive === "warn" ? "⚠️" : "❔"} ${mdCell(r.message)}`);
    for (const note of g.notes) out.push(`- note: ${mdCell(note)}`);
    const passed = g.results.filter((r) => r.status === "pass");
    if (passed.length)
      out.push(
        "",
        `<details><summary>${passed.length} gates passed</summary>`,
        "",
        ...passed.map((r) => `- ✅ ${mdCell(r.message)}`),
        "",
        "</details>",
      );
    out.push("");
  }
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

function judgingMarkdown(report: Report): string[] {
  const j = report.judging;
  const graded = gradedPairs(report);
  const reliability = agreementLines(report);
  const cost = evaluationCostLine(report);
  if (!j.grades.length && !j.pairwise.length && !reliability.length && !cost) return [];
  const out = ["## Judges and graded scores", ""];
  if (j.grades.length)
    out.push(JUDGING_TEXT.grades, "", mdTable(heads(GRADE_COLUMNS), j.grades.map(gradeRow)), "");
  if (graded.length)
    out.push(JUDGING_TEXT.graded, "", mdTable(heads(GRADED_PAIR_COLUMNS), graded.map(gradedPairRow)), "");
  if (j.pairwise.length)
    out.push(JUDGING_TEXT.pairwise, "", mdTable(heads(PAIRWISE_COLUMNS), j.pairwise.map(pairwiseRow)), "");
  for (const line of reliability) out.push(`- ${mdCell(line)}`);
  for (const w of j.warnings) out.push(`- ⚠️ ${mdCell(w)}`);
  if (reliability.length || j.warnings.length) out.push("");
  if (cost) out.push(mdCell(cost), "");
  return out;
}

export class MarkdownReporter implements Reporter {
  async onReport(report: Report, info: ReportInfo): Promise<void> {
    await writeReportFile(info.dir, MARKDOWN_REPORT_FILE, renderMarkdown(report));
  }
}
