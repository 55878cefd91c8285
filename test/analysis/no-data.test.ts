// A failure must never read as a pass: a group without an answered trial has no rate and fails
// every gate that judges it; failed calls have a gate of their own, on by default; a baseline
// comparison counts only cases answered in both runs and says how many it left out.
import { describe, expect, it } from "vitest";
import { analyzeRun, type Report } from "../../src/analysis/index.js";
import type { Gate } from "../../src/config/index.js";
import { renderConsoleReport, renderHtml, renderJunit, renderMarkdown } from "../../src/report/index.js";
import type { TrialRecord } from "../../src/runlog/index.js";
import { headerOf, NOW, trialsOf } from "./fixtures.js";

const KEY = "sk-proj-NODATA0123456789abcdef";

/** Every call of `n` cases failed with `error`. */
function failed(strategy: string, n: number, error: Partial<NonNullable<TrialRecord["error"]>> = {}) {
  return trialsOf(strategy, n, () => false).map((t) => ({
    ...t,
    output: null,
    usage: null,
    verdict: null,
    latencyMs: null,
    cost: { total: 0, input: 0, output: 0, embedding: 0 },
    error: {
      kind: "auth" as const,
      status: 401,
      retryable: false,
      message: `Incorrect API key provided: ${KEY}`,
      ...error,
    },
  }));
}

function analyze(trials: TrialRecord[], gates?: Gate, baseline?: TrialRecord[], strategies = ["prompt"]) {
  return analyzeRun(trials, headerOf(strategies), {
    now: NOW,
    gates,
    baseline: baseline ? { trials: baseline, runId: "r0", source: "r0" } : null,
  });
}

const messages = (report: Report) =>
  report.gates.results.filter((r) => r.status === "fail").map((r) => r.message);

describe("a group whose every call failed", () => {
  it("has no pass rate (null, never 0 %), and every reporter says no data", () => {
    const report = analyze(failed("prompt", 10));
    const [g] = report.summary.groups;
    expect(g?.pass).toEqual({ count: 0, n: 0, rate: null, cases: 0, low: null, high: null });
    expect(g?.errorKinds).toEqual({ "auth 401": 10 });
    expect(g?.firstError).toBe("Incorrect API key provided: sk-***");
    expect(JSON.parse(JSON.stringify(report.summary)).groups[0].pass.rate).toBeNull();
    const console = renderConsoleReport(report);
    expect(console).toMatch(/│ no data │/);
    expect(console).not.toContain("0%");
    expect(renderMarkdown(report)).toContain("| no data |");
    expect(renderHtml(report)).toContain("<td>no data</td>");
    expect(renderJunit(report)).toContain("no data");
  });

  it("fails every gate that judges it, naming why", () => {
    const gates: Gate = {
      minPassRate: 0.5,
      minPassRateLower: 0.1,
      minFormatRate: 0.9,
      maxHallucinationRate: 0.1,
      maxCostPerCall: 1,
      maxP95LatencyMs: 10_000,
    };
    const report = analyze(failed("prompt", 10), gates);
    expect(report.gates.passed).toBe(false);
    const why =
      "no data: no answered trial: 10 of 10 calls failed (auth 401 ×10); first: Incorrect API key provided: sk-***";
    expect(messages(report)).toEqual([
      "FAIL gate maxErrorRate on demo/prompt: measured 1.00 > threshold 0.05; 10 of 10 calls failed (auth 401 ×10); first: Incorrect API key provided: sk-***",
      ...[
        "minPassRate",
        "minPassRateLower",
        "minFormatRate",
        "maxHallucinationRate",
        "maxCostPerCall",
        "maxP95LatencyMs",
      ].map((gate) => `FAIL gate ${gate} on demo/prompt: ${why}`),
    ]);
    expect(
      report.gates.results.slice(1).every((r) => r.measured === null && r.unmeasured?.startsWith("no data")),
    ).toBe(true);
    expect(renderConsoleReport(report)).toContain("gates: 7 of 7 failed");
  });

  it("a strategy the header planned but the log never reached has no data either", () => {
    const report = analyze(
      trialsOf("prompt", 4, () => true),
      { minPassRate: 0.5 },
      undefined,
      ["prompt", "baseline"],
    );
    const baseline = report.summary.groups.find((g) => g.strategy === "baseline");
    expect(baseline).toMatchObject({ trials: 0, pass: { n: 0, rate: null } });
    expect(messages(report)).toContain(
      "FAIL gate minPassRate on demo/baseline: no data: no trial recorded (the run stopped before this group)",
    );
    expect(report.gates.passed).toBe(false);
  });
});

describe("the error gate", () => {
  it("is on by default at 0.05 of a suite × strategy's trials, with kinds and the first message", () => {
    const trials = [
      ...trialsOf("prompt", 18, () => true),
      ...failed("prompt", 2, {
        kind: "server",
        status: 500,
        retryable: true,
        message: `boom Bearer ${KEY}`,
      }).map((t, i) => ({ ...t, caseId: `e${i}` })),
    ];
    const report = analyze(trials);
    expect(report.gates.configured).toBe(false);
    expect(report.gates.results).toHaveLength(1);
    expect(report.gates.results[0]).toMatchObject({
      gate: "maxErrorRate",
      scope: "default",
      status: "fail",
      measured: 0.1,
      threshold: 0.05,
      message:
        "FAIL gate maxErrorRate on demo/prompt: measured 0.10 > threshold 0.05; 2 of 20 calls failed (server 500 ×2); first: boom Bearer ***",
    });
    expect(renderConsoleReport(report)).toContain("gates: 1 of 1 failed");
    // Configured, it overrides the default; 1 allows any share of errors.
    expect(analyze(trials, { maxErrorRate: 0.1 }).gates.results[0]).toMatchObject({
      scope: "global",
      status: "pass",
    });
    expect(analyze(trials, { maxErrorRate: 1 }).gates.passed).toBe(true);
    // Without errors it passes and the console says only the default gate ran.
    const clean = analyze(trialsOf("prompt", 20, () => true));
    expect(clean.gates.passed).toBe(true);
    expect(renderConsoleReport(clean)).toContain(
      "gates: all 1 passed (only the default maxErrorRate; add gates: to eval.config.yaml for quality gates)",
    );
  });
});

describe("against a baseline", () => {
  it("compares only cases answered in both runs, and says how many were left out", () => {
    const before = trialsOf("prompt", 10, () => true);
    // c0..c5 answered (c0..c2 pass), c6..c9 failed calls.
    const now = [...trialsOf("prompt", 6, (i) => i < 3), ...failed("prompt", 10).slice(6)];
    const report = analyze(now, { maxRegressions: 0, maxErrorRate: 1 }, before);
    const [g] = report.baseline?.groups ?? [];
    expect(g).toMatchObject({ matched: 6, excluded: 4, passRate: { baseline: 1, candidate: 0.5 } });
    expect(g?.regressions.map((c) => c.caseId)).toEqual(["c3", "c4", "c5"]);
    expect(report.baseline?.totals.excluded).toBe(4);
    expect(messages(report)).toEqual([
      "FAIL gate maxRegressions on demo/prompt: measured 3 > threshold 0; broke: c3, c4, c5; 4 cases left out (no answer in one of the runs)",
    ]);
    for (const text of [renderConsoleReport(report), renderMarkdown(report), renderHtml(report)])
      expect(text).toContain("only cases answered in both runs are compared: 4 cases left out");
    expect(renderConsoleReport(report)).toMatch(/│ matched │ left out │/);
  });

  it("with no case answered in both runs: no data, never 0% → 0%, and the regression gates fail", () => {
    const report = analyze(
      failed("prompt", 10),
      { maxRegressions: 0, maxSignificantDrop: 0 },
      trialsOf("prompt", 10, (i) => i < 5),
    );
    const [g] = report.baseline?.groups ?? [];
    expect(g).toMatchObject({
      matched: 0,
      excluded: 10,
      passRate: { baseline: null, candidate: null },
      drop: null,
    });
    const console = renderConsoleReport(report);
    expect(console).not.toContain("0% → 0%");
    expect(console).toContain("no data → no data");
    expect(messages(report)).toEqual(
      expect.arrayContaining([
        "FAIL gate maxRegressions on demo/prompt: no data: no case answered in both runs (10 left out)",
        "FAIL gate maxSignificantDrop on demo/prompt: no data: no case answered in both runs (10 left out)",
      ]),
    );
    expect(report.gates.passed).toBe(false);
  });
});
