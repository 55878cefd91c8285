import { readFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { mapCases } from "../../src/analysis/index.js";
import { collectReporters } from "../../src/commands/report.js";
import { REPORTER_NAMES as CONFIG_REPORTER_NAMES } from "../../src/config/index.js";
import {
  createReporters,
  emitReport,
  REPORT_FILES,
  REPORTER_NAMES,
  renderConsoleReport,
  renderHtml,
  renderJunit,
  renderMarkdown,
} from "../../src/report/index.js";
import { NASTY_OUTPUT, sampleReport } from "../analysis/fixtures.js";
import { tempDir } from "../helpers/suite.js";

const report = sampleReport();

describe("console reporter", () => {
  it("prints the decisions first, then the table, the pairs, regressions by case, and failed gates", async () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (chunk) => {
      text += String(chunk);
    });
    const [reporter] = createReporters(["console"], { out, progress: null });
    await reporter?.onReport?.(report, { dir: "/tmp/x", files: ["report.md"] });
    expect(text).toMatch(/^SIMULATED: /);
    expect(text).toContain("│ ticket-triage           │ prompt   │");
    expect(text).toContain("Reports: /tmp/x (report.md)");
    expect(text).toContain(
      "Decisions:\n  ticket-triage\n    use prompt: best pass rate (86% of 7 pass at $0.000060/call); not shown better than baseline (+43 pp, p=0.25: inconclusive)\n",
    );
    expect(text.indexOf("Decisions:")).toBeLessThan(text.indexOf("│ suite"));
    expect(text).toContain("  canary-general (canary)\n    use prompt: best pass rate");
    expect(text).toContain("│ ticket-triage           │ prompt vs baseline │ 7 │ 3     │ 0     │");
    expect(text).toContain("│ 8     │ 100% of 7 │ 86% of 7 │");
    expect(text).toContain("broke in ticket-triage/baseline: case-3, case-4, case-5, case-6, case-7");
    // 5 of 8 canary cases broke: listed, but not enough evidence to call the strategy worse.
    expect(text).toContain(
      "Canary suites: not significantly worse at tasks it was not tuned for; 6 cases broke",
    );
    expect(text).toContain(
      "FAIL gate maxRegressions on ticket-triage/baseline: measured 5 > threshold 0; broke: case-3, case-4, case-5, case-6, case-7",
    );
    expect(text).toMatch(/gates: \d+ of \d+ failed\n$/);
  });

  it("prints only the sections asked for (compare: baseline and gates)", () => {
    const text = renderConsoleReport(report, ["baseline", "gates"]);
    expect(text).not.toContain("Decisions:");
    expect(text).toContain("Against baseline run r0 (reports/r0)");
    expect(text).toContain("FAIL gate");
  });
});

describe("markdown reporter", () => {
  const md = renderMarkdown(report);

  it("starts with the SIMULATED note, the decisions and the gate result, then headings and tables", () => {
    expect(md.split("\n")[0]).toBe("# tunebench report: run r1");
    expect(md).toContain("> **SIMULATED**");
    expect(md).toMatch(/\*\*Gates: ❌ \d+ of \d+ failed\*\*/);
    const order = [
      "> **SIMULATED**",
      "## Decisions",
      "**Gates: ❌",
      "## Results by suite and strategy",
      "## Primary questions",
      "## Every pair of strategies on the same cases",
      "## Against baseline run r0",
      "### Canary suites",
      "## Break-even of fine-tuning",
      "## Gates",
    ].map((heading) => md.indexOf(heading));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("has a results table row per suite × strategy with intervals, costs and latency", () => {
    expect(md).toContain(
      "| suite | strategy | model | cases | format [95% CI] | pass [95% CI] | halluc. | tok in (mean/median) | tok out (mean/median) | $/call | $/passing call | p50 | p95 | errors |",
    );
    expect(md).toContain(
      "| ticket-triage | baseline | sim-base | 8 | 63% of 8 [31%–86%] | 38% of 8 [14%–69%] | – | 60 / 60 | 12 / 12 | $0.000020 | $0.000053 | 14 ms | 17 ms | 0 |",
    );
    expect(md).toContain(
      "| ticket-triage | prompt vs baseline | 7 | 3 | 0 | +43 pp [−6 pp, +72 pp] | 0.25 | 0.25 | inconclusive | which is best |",
    );
    expect(md).toContain("- **broke** in `ticket-triage/baseline`: case-3, case-4, case-5, case-6, case-7");
  });

  it("contains no raw HTML from model output (it carries none) and escapes table cells", () => {
    expect(md).not.toContain("<script");
    expect(md).not.toContain("onerror");
  });
});

describe("junit reporter", () => {
  const xml = renderJunit(report);

  it("is testsuites > testsuite per suite/strategy > testcase per case, counts matching", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const suites = [
      ...xml.matchAll(
        /<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/g,
      ),
    ].map((m) => m.slice(1));
    expect(suites.map((s) => s[0])).toEqual([
      "ticket-triage/baseline",
      "ticket-triage/prompt",
      "ticket-triage/tuned",
      "canary-general/baseline",
      "canary-general/prompt",
      "canary-general/tuned",
      "tunebench decisions",
      "tunebench gates",
    ]);
    expect(suites[0]).toEqual(["ticket-triage/baseline", "8", "5", "0", "0"]);
    expect(suites[1]).toEqual(["ticket-triage/prompt", "8", "1", "1", "0"]);
    expect(suites[2]).toEqual(["ticket-triage/tuned", "8", "0", "0", "8"]);
    const total = xml.match(/<testsuites [^>]*tests="(\d+)"/)?.[1];
    expect(Number(total)).toBe((xml.match(/<testcase /g) ?? []).length);
    // Every element opened is closed: a crude well-formedness check.
    const opened = (xml.match(/<(testsuite|testcase|failure|error|skipped|system-out)[ >]/g) ?? []).length;
    const closed = (xml.match(/<\/(testsuite|testcase|failure|error|system-out)>|\/>/g) ?? []).length;
    expect(closed).toBe(opened);
  });

  it("gives failures their reasons, call errors as <error>, unavailable strategies as <skipped>, all escaped", () => {
    expect(xml).toContain(
      '<testcase name="case-3" classname="ticket-triage.baseline" time="0.013">\n      <failure message="expect: expected category &quot;bug&quot;, got &quot;billing&quot;" type="fail">',
    );
    expect(xml).toContain('<error message="HTTP 500 &lt;oops&gt;" type="server">');
    expect(xml).toContain('<skipped message="no tuned model recorded yet" />');
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("input: ticket number 3 &amp; &quot;quotes&quot;");
    expect(xml).toMatch(
      /<testcase name="maxRegressions ticket-triage\/baseline" classname="tunebench.gates" time="0.000">\n {6}<failure message="FAIL gate maxRegressions/,
    );
  });
});

describe("junit attributes", () => {
  it("keep line breaks in attribute values as character references, never raw", () => {
    const reasons = ["expect: first line\nsecond line\r\nthird\tcolumn"];
    let changed = 0;
    const cases = mapCases(report.cases, (c) => ({
      ...c,
      results: c.results.map((r) => (r.pass === false && !changed++ ? { ...r, reasons } : r)),
    }));
    const xml = renderJunit({ ...report, cases });
    expect(changed).toBeGreaterThan(0);
    expect(xml).toContain('message="expect: first line&#10;second line&#13;&#10;third&#9;column"');
    for (const attrValue of xml.matchAll(/="([^"]*)"/g)) expect(attrValue[1]).not.toMatch(/[\r\n\t]/);
    // Element content keeps real line breaks.
    expect(xml).toContain("expect: first line\nsecond line");
  });
});

describe("json reporter", () => {
  it("writes report.json with the schema field, and every reporter writes its file", async () => {
    const dir = tempDir("tunebench-reports-");
    const out = new PassThrough();
    out.resume();
    await emitReport(report, createReporters([...REPORTER_NAMES], { out, progress: null }), { dir });
    const json = JSON.parse(readFileSync(path.join(dir, "report.json"), "utf8"));
    expect(json.schema).toBe("tunebench.report/2");
    expect(json.summary.schema).toBe("tunebench.summary/1");
    expect(json.cases).toHaveLength(16);
    expect(Object.keys(json).sort()).toEqual(
      [
        "baseline",
        "breakEven",
        "canary",
        "cases",
        "decisions",
        "gates",
        "generatedAt",
        "judging",
        "method",
        "pairs",
        "questions",
        "repeats",
        "run",
        "schema",
        "summary",
      ].sort(),
    );
    for (const file of Object.values(REPORT_FILES))
      expect(readFileSync(path.join(dir, file as string), "utf8").length).toBeGreaterThan(100);
  });

  it("rejects an unknown reporter name", () => {
    expect(() => createReporters(["console", "pdf"])).toThrow(/unknown reporter "pdf"/);
  });

  it("keeps one list of reporter names for the config, the reporters and --reporter", () => {
    expect(REPORTER_NAMES).toBe(CONFIG_REPORTER_NAMES);
    expect(collectReporters(REPORTER_NAMES.join(","))).toEqual([...REPORTER_NAMES]);
    expect(() => collectReporters("pdf")).toThrow(`expected ${REPORTER_NAMES.join(", ")}`);
  });
});

describe("html reporter", () => {
  const page = renderHtml(report);

  it("shows model output as escaped text, never as markup", () => {
    expect(page).not.toContain(NASTY_OUTPUT);
    expect(page).toContain(
      "&lt;script&gt;window.__pwned = 1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;",
    );
    expect(page).toContain("HTTP 500 &lt;oops&gt;");
    // The only <script> is the report's own.
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  it("is one self-contained file: no external URL anywhere, a strict content security policy", () => {
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/\b(src|href)=["']?\/\//);
    expect(page).not.toMatch(/<link\b/);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`);
  });

  it("leads with the SIMULATED banner, the decisions and the gate result; has every section", () => {
    const order = [
      'id="simulated"',
      'id="decisions"',
      'id="gate-status"',
      'id="strategies"',
      'id="chart"',
      'id="questions"',
      'id="pairs"',
      'id="baseline"',
      'id="break-even"',
      'id="gates"',
      'id="cases"',
    ].map((s) => page.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toContain("Not significantly worse at tasks it was not tuned for; 6 cases broke");
  });

  it("draws one chart per suite with a point and an interval per strategy", () => {
    expect(page.match(/<svg class="chart"/g)).toHaveLength(2);
    expect(page.match(/<circle class="point"/g)).toHaveLength(4);
    expect(page.match(/<line class="interval"/g)).toHaveLength(4);
  });
});

describe("report.json written in pieces", () => {
  it("has exactly the bytes of JSON.stringify(report, null, 2)", async () => {
    const { writeJsonFile } = await import("../../src/report/reporters/file.js");
    const { mkdtempSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(`${tmpdir()}/tunebench-json-`);
    const value = {
      schema: "x/1",
      empty: [],
      gone: undefined,
      nested: { a: [1, { b: "c\nd" }], e: null },
      cases: [{ id: "a", results: [{ x: 1 }] }, { id: "b", results: [] }, "s", 3],
    };
    const file = await writeJsonFile(dir, "r.json", value, ["cases", "empty"]);
    expect(readFileSync(file, "utf8")).toBe(`${JSON.stringify(value, null, 2)}\n`);
    const none = await writeJsonFile(dir, "e.json", {}, ["cases"]);
    expect(readFileSync(none, "utf8")).toBe(`${JSON.stringify({}, null, 2)}\n`);
  });
});
