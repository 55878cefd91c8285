import type { BaselineGroup, CaseReport, CaseResult, GroupSummary, Report } from "../../analysis/index.js";
import {
  dollars,
  milliseconds,
  perPassingCall,
  rateWithInterval,
  round,
  SIMULATED_BANNER,
} from "../../analysis/index.js";
import { evaluationCostSuffix } from "../judging-rows.js";
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
  type CaseChange,
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
import { html, SafeHtml } from "./escape.js";
import { writeReportFile } from "./file.js";
import { SCRIPT, STYLE } from "./html-assets.js";
import { colourOf, qualityCostChart } from "./html-chart.js";
import { judgingSection } from "./html-judging.js";
import { migrationSection } from "./html-migration.js";
import { num, rowHtml, table } from "./html-table.js";

export const HTML_REPORT_FILE = "report.html";

// No network at all: every resource is inline, and the policy forbids loading anything else.
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function strategiesOf(report: Report): string[] {
  const names = report.run.strategies.map((s) => s.name);
  for (const g of report.summary.groups) if (!names.includes(g.strategy)) names.push(g.strategy);
  return names;
}

function gateBanner(report: Report): SafeHtml {
  const g = report.gates;
  const failed = g.results.filter((r) => r.status === "fail");
  const open = g.results.filter((r) => r.status === "inconclusive");
  if (!failed.length && !open.length)
    return g.configured
      ? html`<div class="banner ok" id="gate-status">✓ All ${g.results.length} gates passed</div>`
      : html`<div class="banner none" id="gate-status">Gates: ${gatesVerdict(g)}.</div>`;
  const total = `of ${g.results.length} gates`;
  const counts = failed.length
    ? `${failed.length} ${total} failed${open.length ? `, ${open.length} inconclusive` : ""}`
    : `${open.length} ${total} inconclusive`;
  return html`<div class="banner ${g.passed ? "open" : "bad"}" id="gate-status">${g.passed ? "⚠" : "✗"} ${counts}<ul>${[...failed, ...open].map((r) => html`<li>${r.message}</li>`)}</ul></div>`;
}

/** The answer first: per suite, which strategy to use, whether tuning pays off, whether anything regressed. */
function overview(report: Report): SafeHtml {
  const decisions = decisionLines(report).map(
    (d) =>
      html`<div class="decision${d.regressed ? " regressed" : ""}" data-suite="${d.suite}"><h3>${d.suite}</h3><ul>${d.lines.map((l) => html`<li>${l}</li>`)}</ul></div>`,
  );
  const b = report.baseline;
  return html`<section id="overview"><h2>Overview</h2>${(report.retirements ?? []).map((r) => html`<div class="banner retiring">Retiring: ${r.text}</div>`)}<div class="decisions" id="decisions">${decisions}</div><p class="muted">${vocabulary(report.method)}.</p>${gateBanner(report)}<p class="muted">${totalsText(report.summary, evaluationCostSuffix(report))}${b ? html` Compared with baseline run <strong>${b.baselineRunId}</strong>: ${baselineTotals(b)}.` : ""}${report.summary.unavailable.length ? html` Not run: ${report.summary.unavailable.map((u) => `${u.strategy} (${u.reason})`).join("; ")}.` : ""}</p></section>`;
}

const METRICS: [string, (g: GroupSummary) => string][] = [
  ["model", (g) => g.model],
  ["cases (trials)", (g) => `${g.cases} (${g.trials})`],
  ["pass [95% CI]", (g) => rateWithInterval(g.pass)],
  ["format adherence [95% CI]", (g) => rateWithInterval(g.format)],
  ["hallucination (out-of-domain) [95% CI]", (g) => rateWithInterval(g.hallucination)],
  ["tokens in: mean / median", (g) => `${round(g.tokensIn.mean, 0)} / ${round(g.tokensIn.median, 0)}`],
  ["tokens out: mean / median", (g) => `${round(g.tokensOut.mean, 0)} / ${round(g.tokensOut.median, 0)}`],
  ["$ per call", (g) => dollars(g.cost.perCall)],
  ["$ per passing call", (g) => perPassingCall(g)],
  ["latency p50 / p95", (g) => `${milliseconds(g.latencyMs.p50)} / ${milliseconds(g.latencyMs.p95)}`],
  ["errors", (g) => String(g.errors)],
];

function sideBySide(report: Report, suites: string[]): SafeHtml {
  const blocks = suites.map((suite) => {
    const groups = report.summary.groups.filter((g) => g.suite === suite);
    if (!groups.length) return html``;
    const canary = groups.some((g) => g.canary);
    return html`<h3>${suite}${canary ? " (canary)" : ""}</h3>${table(
      ["", ...groups.map((g) => g.strategy)],
      METRICS.map(
        ([label, get]) => html`<tr><th>${label}</th>${groups.map((g) => html`<td>${get(g)}</td>`)}</tr>`,
      ),
      "side-by-side",
    )}`;
  });
  return html`<section id="strategies"><h2>Strategies side by side</h2>${blocks}</section>`;
}

function chartSection(report: Report, suites: string[]): SafeHtml {
  const strategies = strategiesOf(report);
  const present = strategies.filter((s) => report.summary.groups.some((g) => g.strategy === s));
  return html`<section id="chart"><h2>Quality against cost</h2><p class="muted">One point per strategy: pass rate (bar: Wilson 95% interval) against cost per call. Up is better, left is cheaper.</p><p class="legend">${present.map((s) => html`<span><i style="background:${colourOf(s, strategies)}"></i>${s}</span>`)}</p><div class="charts">${suites.map(
    (suite) => {
      const groups = report.summary.groups.filter((g) => g.suite === suite);
      const canary = groups.some((g) => g.canary);
      return groups.length
        ? qualityCostChart(canary ? `${suite} (canary)` : suite, groups, strategies)
        : html``;
    },
  )}</div></section>`;
}

function questionsSection(report: Report): SafeHtml {
  if (!report.questions.length) return html``;
  return html`<section id="questions"><h2>Primary questions</h2><p class="muted">Each a family Holm-corrected on its own. ${vocabulary(report.method)}. Power: the smallest drop in pass rate found 80% of the time at α ${report.method.alpha}.</p>${table(
    heads(QUESTION_COLUMNS),
    report.questions.map((q) => rowHtml(QUESTION_COLUMNS, questionRow(q))),
  )}</section>`;
}

function pairsSection(report: Report): SafeHtml {
  if (!report.pairs.length) return html``;
  return html`<section id="pairs"><h2>Every pair of strategies on the same cases</h2><p class="muted">fixed = the first strategy passes where the second fails; p = exact McNemar; Δ = Newcombe's paired 95% interval. Pairs no primary question asks are <em>exploratory</em>: decided on their own, unadjusted p.</p>${table(
    heads(PAIR_COLUMNS),
    report.pairs.map((p) => rowHtml(PAIR_COLUMNS, pairRow(p))),
  )}</section>`;
}

function repeatsSection(report: Report): SafeHtml {
  if (!report.repeats.length) return html``;
  return html`<section id="repeats"><h2>Repeats</h2><p class="muted">Each case is one cluster: pass@k = some repeat passed, pass^k = every repeat passed, flip rate = the minority's share of a case's repeats.</p>${table(
    heads(REPEAT_COLUMNS),
    report.repeats.map((r) => rowHtml(REPEAT_COLUMNS, repeatRow(r))),
  )}</section>`;
}

function baselineTable(groups: readonly BaselineGroup[]): SafeHtml {
  return table(
    heads(BASELINE_COLUMNS),
    groups.map((g) => rowHtml(BASELINE_COLUMNS, baselineRow(g))),
  );
}

function baselineCases(groups: readonly BaselineGroup[]): SafeHtml {
  const tone: Partial<Record<CaseChange["what"], string>> = { broke: "fail", fixed: "pass" };
  const items = caseChanges(groups, 100).map((c) => {
    const cls = tone[c.what];
    const what = cls ? html`<span class="${cls}">${c.what}</span>` : c.what;
    return html`<li>${what} ${c.preposition} ${c.where}: ${c.cases}</li>`;
  });
  return items.length ? html`<ul>${items}</ul>` : html``;
}

function baselineSection(report: Report): SafeHtml {
  const b = report.baseline;
  if (!b)
    return html`<section id="baseline"><h2>Regressions against a baseline</h2><p class="muted">No baseline: run with <code>--baseline PATH</code> (or <code>--baseline latest</code>), or <code>tunebench compare BASELINE CANDIDATE</code>.</p></section>`;
  const task = b.groups.filter((g) => !g.canary);
  const canary = b.groups.filter((g) => g.canary);
  const worse = worseCanaries(canary);
  return html`<section id="baseline"><h2>Regressions against baseline run ${b.baselineRunId}</h2><p>${baselineTotals(b)}. <span class="muted">Matched on suite, case id, strategy and repeat; p = exact McNemar on the cases (a case’s repeats one cluster), Holm across the suite’s strategies.</span></p>${task.length ? html`${baselineTable(task)}${baselineCases(task)}` : ""}${canary.length ? html`<h3>Canary suites</h3><p>${worse.length ? html`<strong class="fail">Worse at tasks it was not tuned for</strong>: ${worse.join(", ")}` : canaryCalm(canary)}</p>${baselineTable(canary)}${baselineCases(canary)}` : ""}</section>`;
}

function breakEvenSection(report: Report): SafeHtml {
  const be = report.breakEven;
  const overall = be.rows.filter((r) => r.suite === null);
  const perSuite = be.rows.filter((r) => r.suite !== null);
  const models = tunedModelLines(report);
  return html`<section id="break-even"><h2>Does fine-tuning pay off?</h2><p>${breakEvenHeading(report)}</p>${models.length ? html`<ul>${models.map((m) => html`<li>${m}</li>`)}</ul>` : ""}${be.notes.length ? html`<ul class="muted">${be.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ""}${overall.length ? html`<h3>All task suites together</h3><ul>${overall.map((r) => html`<li>${breakEvenLine(r, report.method.margin)}</li>`)}</ul>` : ""}${
    perSuite.length
      ? html`<h3>Per suite</h3>${table(
          heads(BREAK_EVEN_COLUMNS),
          perSuite.map((r) => rowHtml(BREAK_EVEN_COLUMNS, breakEvenRow(r))),
        )}`
      : ""
  }${report.canary.length ? html`<h3>${CANARY_HEADING}</h3><ul>${report.canary.map((c) => html`<li class="${c.broken.length ? "fail" : ""}">${canaryLine(c)}</li>`)}</ul>` : ""}<p class="muted">A tuned call is priced higher per token than its base model, so fine-tuning pays only when it shortens prompts a lot.</p></section>`;
}

const GATE_STATUS = {
  pass: ["pass", "pass"],
  fail: ["fail", "FAIL"],
  inconclusive: ["inconclusive", "INCONCLUSIVE"],
};

function gateTable(results: Report["gates"]["results"]): SafeHtml {
  return table(
    ["", "gate", "suite / strategy", "measured", "threshold", "scope", "details"],
    results.map((r) => {
      const [cls, label] = GATE_STATUS[r.status];
      return html`<tr><td class="${cls}">${label}</td><td>${r.gate}</td><td>${r.suite}/${r.strategy}</td>${num(r.measured === null ? (r.unmeasured ?? "unpriced") : Number(r.measured.toPrecision(4)))}${num(r.threshold)}<td>${r.scope}</td><td>${r.message}</td></tr>`;
    }),
  );
}

function gatesSection(report: Report): SafeHtml {
  const g = report.gates;
  if (!g.results.length && !g.notes.length) return html``;
  const open = g.results.filter((r) => r.status !== "pass");
  const passed = g.results.filter((r) => r.status === "pass");
  return html`<section id="gates"><h2>Gates</h2>${open.length ? gateTable(open) : ""}${passed.length ? html`<details class="suite"><summary>${passed.length} gates passed</summary>${gateTable(passed)}</details>` : ""}${g.notes.length ? html`<ul class="muted">${g.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ""}</section>`;
}

function resultCell(r: CaseResult | undefined, regressed: boolean): SafeHtml {
  if (!r) return html`<td class="muted">–</td>`;
  const status = r.error
    ? html`<span class="err">error</span> <span class="muted">${r.error.kind}: ${r.error.message}</span>`
    : r.pass
      ? html`<span class="pass">✓ pass</span>`
      : html`<span class="fail">✗ fail</span>`;
  const format = r.formatOk === false ? html` <span class="fail">format ✗</span>` : "";
  const halluc = r.hallucinated ? html` <span class="fail">hallucinated</span>` : "";
  const worse = regressed ? html` <span class="tag regressed">regressed vs baseline</span>` : "";
  const notes = [
    ...r.reasons.map((x) => html`<li>${x}</li>`),
    ...r.scorerErrors.map((x) => html`<li class="err">${x}</li>`),
    // A failed grade is among the reasons already.
    ...r.grades
      .filter((g) => !r.reasons.some((x) => x.startsWith(`${g.scorer}: `)))
      .map((g) => html`<li class="muted">${g.scorer}: ${g.reason}</li>`),
  ];
  return html`<td>${status}${format}${halluc}${worse}${r.output !== null ? html`<pre class="out">${r.output}</pre>` : ""}${notes.length ? html`<ul class="reasons">${notes}</ul>` : ""}</td>`;
}

function casesSection(report: Report, suites: string[]): SafeHtml {
  const repeats = report.cases.repeated;
  const bySuite = new Map<string, CaseReport[]>();
  for (const c of report.cases) {
    const list = bySuite.get(c.suite) ?? [];
    list.push(c);
    bySuite.set(c.suite, list);
  }
  const regressions = new Set<string>();
  for (const g of report.baseline?.groups ?? [])
    for (const c of g.regressions)
      regressions.add(`${g.suite}\u0000${g.strategy}\u0000${c.caseId}\u0000${c.repeat}`);
  const regressed = (c: CaseReport, strategy: string) =>
    regressions.has(`${c.suite}\u0000${strategy}\u0000${c.caseId}\u0000${c.repeat}`);
  const blocks = suites.map((suite) => {
    const cases = bySuite.get(suite) ?? [];
    if (!cases.length) return html``;
    const strategies = strategiesOf(report).filter((s) =>
      cases.some((c) => c.results.some((r) => r.strategy === s)),
    );
    const failing = cases.filter((c) => c.results.some((r) => r.pass !== true)).length;
    const rows = cases.map((c) => {
      const verdicts = new Set(c.results.map((r) => String(r.pass)));
      const interesting = verdicts.size > 1 || c.results.some((r) => r.pass !== true);
      return html`<tr class="case${interesting ? " interesting" : ""}" data-case="${c.caseId}"><td><strong>${c.caseId}${repeats ? ` #${c.repeat + 1}` : ""}</strong>${c.tags.map((t) => html`<span class="tag">${t}</span>`)}<pre class="out">${c.input}</pre></td>${strategies.map(
        (s) =>
          resultCell(
            c.results.find((r) => r.strategy === s),
            regressed(c, s),
          ),
      )}</tr>`;
    });
    const canary = cases.some((c) => c.canary);
    return html`<details class="suite"><summary>${suite}${canary ? " (canary)" : ""}: ${cases.length} cases, ${failing} with a failure</summary>${table(["case / input", ...strategies], rows, "cases")}</details>`;
  });
  return html`<section id="cases"><h2>Every case</h2><div class="filters"><label><input type="checkbox" id="only-interesting"> only cases with a failure or disagreement</label><label>find <input type="search" id="case-search" placeholder="case id, input or output"></label><span class="muted" id="case-count"></span></div>${blocks}</section>`;
}

/** One self-contained HTML file: inline CSS, a little inline script, inline SVG, no external resource. */
export function renderHtml(report: Report): string {
  const suites = report.run.suites.map((s) => s.name);
  for (const g of report.summary.groups) if (!suites.includes(g.suite)) suites.push(g.suite);
  const r = report.run;
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="${CSP}"><meta name="generator" content="tunebench"><title>tunebench report ${r.runId}${r.simulated ? " (SIMULATED)" : ""}</title><style>${new SafeHtml(STYLE)}</style></head>
<body><header><h1>tunebench report</h1><div class="muted">run <strong>${r.runId}</strong> · started ${r.startedAt} · ${r.suites.length} suites · strategies ${r.strategies.map((s) => s.name).join(", ")}${r.configFile ? ` · ${r.configFile}` : ""}</div>${r.simulated ? html`<div class="banner sim" id="simulated">${SIMULATED_BANNER}</div>` : ""}<nav><a href="#overview">Overview</a><a href="#strategies">Strategies</a><a href="#chart">Quality vs cost</a>${report.migration ? html`<a href="#migration">Migration</a>` : ""}${report.questions.length ? html`<a href="#questions">Questions</a>` : ""}<a href="#pairs">Comparisons</a>${report.judging.grades.length || report.judging.pairwise.length ? html`<a href="#judging">Judges</a>` : ""}${report.repeats.length ? html`<a href="#repeats">Repeats</a>` : ""}<a href="#baseline">Regressions</a><a href="#break-even">Break-even</a>${report.gates.results.length || report.gates.notes.length ? html`<a href="#gates">Gates</a>` : ""}<a href="#cases">Cases</a></nav></header>
<main>${overview(report)}${sideBySide(report, suites)}${chartSection(report, suites)}${migrationSection(report)}${questionsSection(report)}${pairsSection(report)}${judgingSection(report)}${repeatsSection(report)}${baselineSection(report)}${breakEvenSection(report)}${gatesSection(report)}${casesSection(report, suites)}</main>
<footer>Generated ${report.generatedAt} by tunebench from the run log alone (schema ${report.schema}). Every model output above is shown as text.</footer>
<script>${new SafeHtml(SCRIPT)}</script>
</body></html>
`;
  return page.html;
}

export class HtmlReporter implements Reporter {
  async onReport(report: Report, info: ReportInfo): Promise<void> {
    await writeReportFile(info.dir, HTML_REPORT_FILE, renderHtml(report));
  }
}
