import Table from "cli-table3";
import type { Report, RunSummary } from "../analysis/index.js";
import { dollars, milliseconds, rateCell, round, SIMULATED_BANNER } from "../analysis/index.js";
import type { RunHeader, TrialRecord } from "../runlog/index.js";
import {
  renderBaseline,
  renderBreakEven,
  renderDecisions,
  renderGates,
  renderJudging,
  renderMigration,
  renderPairs,
  renderQuestions,
  renderRepeats,
} from "./console-sections.js";
import { evaluationCostSuffix } from "./judging-rows.js";
import { ProgressLines } from "./progress-lines.js";
import type { Reporter, ReportInfo, RunInfo } from "./reporter.js";
import { totalsText } from "./rows.js";

/** In print order: the decisions first, the tables after them for whoever wants them. */
export const CONSOLE_SECTIONS = [
  "decisions",
  "table",
  "migration",
  "questions",
  "pairs",
  "judging",
  "repeats",
  "baseline",
  "breakEven",
  "gates",
] as const;
export type ConsoleSection = (typeof CONSOLE_SECTIONS)[number];

export interface ConsoleReporterOptions {
  out?: NodeJS.WritableStream;
  /** The progress bar: on stderr when it is a terminal. */
  progress?: NodeJS.WriteStream | null;
  /** Progress as plain lines (a CI log): on stderr when it is not a terminal. */
  progressLines?: ProgressLines | null;
  /** What onReport prints (default: everything). */
  sections?: readonly ConsoleSection[];
  /** false when the SIMULATED banner is already on screen (`tunebench run` printed it at the start). */
  banner?: boolean;
}

export function renderSummaryTable(summary: RunSummary): string {
  const table = new Table({
    head: [
      "suite",
      "strategy",
      "model",
      "cases",
      "format",
      "pass",
      "halluc.",
      "tok in",
      "tok out",
      "$/call",
      "p50",
      "p95",
      "errors",
    ],
    style: { head: [], border: [] },
    // No rule between rows: one screen holds a whole run.
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const g of summary.groups) {
    table.push([
      g.canary ? `${g.suite} (canary)` : g.suite,
      g.strategy,
      g.model,
      g.cases,
      rateCell(g.format),
      rateCell(g.pass),
      rateCell(g.hallucination),
      round(g.tokensIn.mean, 0),
      round(g.tokensOut.mean, 0),
      dollars(g.cost.perCall),
      milliseconds(g.latencyMs.p50),
      milliseconds(g.latencyMs.p95),
      g.errors,
    ]);
  }
  return table.toString();
}

export class ConsoleReporter implements Reporter {
  private readonly out: NodeJS.WritableStream;
  private readonly progress: NodeJS.WriteStream | null;
  private readonly sections: readonly ConsoleSection[];
  private readonly lines: ProgressLines | null;
  private lastDraw = 0;
  /** The banner goes out once per reporter, whichever hook comes first. */
  private bannerDue: boolean;

  constructor(options: ConsoleReporterOptions = {}) {
    this.out = options.out ?? process.stdout;
    this.sections = options.sections ?? CONSOLE_SECTIONS;
    this.bannerDue = options.banner ?? true;
    this.progress =
      options.progress === undefined ? (process.stderr.isTTY ? process.stderr : null) : options.progress;
    this.lines =
      options.progressLines === undefined
        ? process.stderr.isTTY
          ? null
          : new ProgressLines(process.stderr)
        : options.progressLines;
  }

  onRunStart(header: RunHeader, info: RunInfo): void {
    this.lines?.onRunStart();
    if (this.takeBanner(header.simulated)) this.out.write(`${SIMULATED_BANNER}\n`);
    this.out.write(`run ${header.runId}: ${info.total} trials, ${header.suites.length} suites\n`);
    for (const s of header.strategies)
      if (s.unavailable) this.out.write(`skipped ${s.name}: ${s.unavailable}\n`);
  }

  onTrial(trial: TrialRecord, done: number, info: RunInfo): void {
    this.lines?.onTrial(trial, done, info);
    if (!this.progress) return;
    const now = Date.now();
    if (done < info.total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = 24;
    const filled = Math.round((done / Math.max(1, info.total)) * width);
    this.progress.write(
      `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${info.total} ${trial.suite}/${trial.strategy}\x1b[K`,
    );
    if (done === info.total) this.progress.write("\r\x1b[K");
  }

  /** The whole analysis: the decisions per suite first, then the tables, baseline, break-even, gates. */
  onReport(report: Report, info: ReportInfo): void {
    const banner = this.takeBanner(report.run.simulated);
    this.out.write(`${renderConsoleReport(report, this.sections, info, banner)}\n`);
  }

  private takeBanner(simulated: boolean): boolean {
    const due = simulated && this.bannerDue;
    if (due) this.bannerDue = false;
    return due;
  }
}

/** The console report as text (what ConsoleReporter.onReport prints). */
export function renderConsoleReport(
  report: Report,
  sections: readonly ConsoleSection[] = CONSOLE_SECTIONS,
  info?: ReportInfo,
  banner = report.run.simulated,
): string {
  const parts: string[] = [];
  if (banner) parts.push(SIMULATED_BANNER);
  const { summary } = report;
  if (sections.includes("decisions")) {
    const text = renderDecisions(report);
    if (text) parts.push(text);
  }
  // A model that is about to stop answering is news whatever sections were asked for.
  for (const r of report.retirements ?? []) parts.push(`warning: ${r.text}`);
  if (sections.includes("table") && summary.groups.length) {
    parts.push(renderSummaryTable(summary));
    parts.push(
      totalsText(summary, evaluationCostSuffix(report)) +
        (info
          ? info.files?.length
            ? ` Reports: ${info.dir} (${info.files.join(", ")})`
            : ` Run folder: ${info.dir}`
          : "") +
        (report.run.skippedLines ? ` (${report.run.skippedLines} torn log lines skipped)` : ""),
    );
  }
  const renderers: Record<Exclude<ConsoleSection, "table" | "decisions">, (r: Report) => string> = {
    migration: renderMigration,
    questions: renderQuestions,
    pairs: renderPairs,
    judging: renderJudging,
    repeats: renderRepeats,
    baseline: renderBaseline,
    breakEven: renderBreakEven,
    gates: renderGates,
  };
  for (const section of CONSOLE_SECTIONS) {
    if (section === "table" || section === "decisions" || !sections.includes(section)) continue;
    const text = renderers[section](report);
    if (text) parts.push(text);
  }
  return parts.join("\n\n");
}
