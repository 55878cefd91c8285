// The report tables are built once (src/report/rows.ts); the console, Markdown and HTML reporters
// must show the same heads and the same cells, each only escaped and laid out its own way.
import { describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.js";
import { renderConsoleReport, renderHtml, renderMarkdown } from "../../src/report/index.js";
import { escapeHtml } from "../../src/report/reporters/escape.js";
import { mdCell } from "../../src/report/reporters/markdown.js";
import {
  BASELINE_COLUMNS,
  BREAK_EVEN_COLUMNS,
  baselineRow,
  breakEvenRow,
  type Column,
  caseChanges,
  caseChangeText,
  heads,
  PAIR_COLUMNS,
  pairRow,
} from "../../src/report/rows.js";
import type { TrialRecord } from "../../src/runlog/index.js";
import { cost, headerOf, NOW, trialsOf, tunedAndPrompt, usage } from "../analysis/fixtures.js";

function report() {
  const trials: TrialRecord[] = [
    ...tunedAndPrompt(),
    ...trialsOf("baseline", 20, (i) => i < 5, { cost: cost(0.0001), usage: usage(30) }),
  ];
  const baseline = trials.map((t) => ({
    ...t,
    runId: "r0",
    verdict: t.verdict && { ...t.verdict, pass: true },
  }));
  return analyzeRun(trials, headerOf(["baseline", "prompt", "tuned"]), {
    now: NOW,
    training: { model: "ft:gpt-4o-mini:acme::t1", cost: 2.4, source: "trained-tokens" },
    baseline: { trials: baseline, runId: "r0", source: "reports/r0" },
  });
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("report tables: one source for every reporter", () => {
  const r = report();
  const tables: [string, readonly Column[], string[][]][] = [
    ["pairs", PAIR_COLUMNS, r.pairs.map(pairRow)],
    ["baseline", BASELINE_COLUMNS, r.baseline?.groups.map(baselineRow) ?? []],
    ["break-even", BREAK_EVEN_COLUMNS, r.breakEven.rows.filter((x) => x.suite !== null).map(breakEvenRow)],
  ];
  const consoleText = renderConsoleReport(r);
  const md = renderMarkdown(r);
  const page = renderHtml(r);

  it.each(tables)("%s: the same heads and cells in the console, Markdown and HTML", (_, columns, rows) => {
    expect(rows.length).toBeGreaterThan(0);
    const all = [heads(columns), ...rows];
    for (const cells of all) {
      // Markdown: a table line of the escaped cells.
      expect(md).toContain(`| ${cells.map(mdCell).join(" | ")} |`);
      // Console: the cells in order between the table's vertical bars.
      expect(consoleText).toMatch(new RegExp(`│ ${cells.map(escapeRegex).join(" +│ ")} +│`));
      // HTML: the escaped cells in order, each in its own cell.
      expect(page).toMatch(
        new RegExp(cells.map((c) => `<t[hd][^>]*>${escapeRegex(escapeHtml(c))}</t[hd]>`).join("")),
      );
    }
  });

  it("writes the break-even cell the same everywhere: calls and days", () => {
    const [row] = tables[2]?.[2] ?? [];
    expect(row?.[7]).toBe("2,000 calls (2 days)");
  });

  it("lists the cases that changed once, each reporter with its own markup", () => {
    const changes = caseChanges(r.baseline?.groups ?? []);
    expect(changes.map(caseChangeText)).toContain("broke in demo/tuned: c0");
    expect(consoleText).toContain("  broke in demo/tuned: c0");
    expect(md).toContain("- **broke** in `demo/tuned`: c0");
    expect(page).toContain('<li><span class="fail">broke</span> in demo/tuned: c0</li>');
  });
});
