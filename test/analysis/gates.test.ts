import { describe, expect, it } from "vitest";
import { analyzeRun, BASELINE_GATES, type GateReport, type Report } from "../../src/analysis/index.js";
import type { Gate } from "../../src/config/index.js";
import type { TrialRecord } from "../../src/runlog/index.js";
import { fakeTrial } from "../helpers/trial.js";
import { headerOf, NOW, trialsOf } from "./fixtures.js";

// ticket-triage/prompt: 18 of 25 pass (0.72), 20 of 25 well formatted (0.80), 1 of 4 probes answered,
// $0.001 per call, latencies 10..250 ms.
function triage(strategy = "prompt", extra: Partial<TrialRecord> = {}): TrialRecord[] {
  return Array.from({ length: 25 }, (_, i) =>
    fakeTrial({
      suite: "ticket-triage",
      caseId: `t${i}`,
      strategy,
      strategyType: strategy === "baseline" ? "baseline" : "prompt",
      latencyMs: (i + 1) * 10,
      verdict: {
        pass: i < 18,
        formatOk: i >= 21 ? null : i < 20 || i >= 21,
        hallucinated: i >= 21 ? i === 21 : null,
      },
      ...extra,
    }),
  );
}

function gatesOf(
  gates: Gate,
  options: { baseline?: TrialRecord[]; suiteGates?: Record<string, Gate>; trials?: TrialRecord[] } = {},
): GateReport {
  const report: Report = analyzeRun(options.trials ?? triage(), headerOf(["prompt"], ["ticket-triage"]), {
    now: NOW,
    gates,
    suiteGates: options.suiteGates,
    baseline: options.baseline ? { trials: options.baseline, runId: "r0", source: "r0" } : null,
  });
  // The error gate is on by default; these tests look at the gates they configure.
  const { results } = report.gates;
  return { ...report.gates, results: results.filter((r) => r.scope !== "default") };
}

const only = (g: GateReport) => {
  expect(g.results).toHaveLength(1);
  return g.results[0];
};

describe("gates", () => {
  it("minPassRate: fails below, names gate, measured value and threshold", () => {
    const fail = gatesOf({ minPassRate: 0.8 });
    expect(fail.passed).toBe(false);
    expect(only(fail)?.message).toBe(
      "FAIL gate minPassRate on ticket-triage/prompt: measured 0.72 < threshold 0.80",
    );
    expect(only(gatesOf({ minPassRate: 0.7 }))).toMatchObject({
      status: "pass",
      measured: 0.72,
      threshold: 0.7,
    });
  });

  it("minPassRateLower uses the Wilson lower bound of the pass rate", () => {
    const r = only(gatesOf({ minPassRateLower: 0.6 }));
    expect(r?.status).toBe("fail");
    expect(r?.measured).toBeCloseTo(0.5242, 3);
    expect(only(gatesOf({ minPassRateLower: 0.5 }))?.status).toBe("pass");
  });

  it("minFormatRate", () => {
    // 21 cases with a format requirement, 20 well formatted.
    expect(only(gatesOf({ minFormatRate: 0.96 }))?.status).toBe("fail");
    expect(only(gatesOf({ minFormatRate: 0.95 }))?.status).toBe("pass");
  });

  it("maxHallucinationRate over the out-of-domain probes", () => {
    const r = only(gatesOf({ maxHallucinationRate: 0.2 }));
    expect(r).toMatchObject({ status: "fail", measured: 0.25 });
    expect(r?.message).toBe(
      "FAIL gate maxHallucinationRate on ticket-triage/prompt: measured 0.25 > threshold 0.20",
    );
    expect(only(gatesOf({ maxHallucinationRate: 0.25 }))?.status).toBe("pass");
  });

  it("maxCostPerCall; an unpriced model cannot pass it", () => {
    expect(only(gatesOf({ maxCostPerCall: 0.0005 }))?.message).toBe(
      "FAIL gate maxCostPerCall on ticket-triage/prompt: measured $0.0010 > threshold $0.00050",
    );
    expect(only(gatesOf({ maxCostPerCall: 0.001 }))?.status).toBe("pass");
    const unpriced = triage("prompt", { cost: { total: null, input: null, output: null, embedding: 0 } });
    const r = only(gatesOf({ maxCostPerCall: 1 }, { trials: unpriced }));
    expect(r).toMatchObject({ status: "fail", measured: null });
    expect(r?.message).toContain("measured unpriced");
  });

  it("maxCostPerCall: a fully cached re-run keeps its cost per call and passes", () => {
    const cached = only(gatesOf({ maxCostPerCall: 0.001 }, { trials: triage("prompt", { cached: true }) }));
    expect(cached).toMatchObject({ status: "pass", measured: expect.closeTo(0.001, 12) });
  });

  it("maxP95LatencyMs", () => {
    // p95 of 10..250 ms (type 7) = 238 ms.
    expect(only(gatesOf({ maxP95LatencyMs: 200 }))?.message).toBe(
      "FAIL gate maxP95LatencyMs on ticket-triage/prompt: measured 238 ms > threshold 200 ms",
    );
    expect(only(gatesOf({ maxP95LatencyMs: 250 }))?.status).toBe("pass");
  });

  it("maxRegressions names the cases that broke", () => {
    const baseline = triage().map((t) => ({
      ...t,
      verdict: { pass: true, formatOk: true, hallucinated: null },
    }));
    const r = only(gatesOf({ maxRegressions: 0 }, { baseline }));
    expect(r?.status).toBe("fail");
    expect(r?.cases.map((c) => c.caseId)).toEqual(["t18", "t19", "t20", "t21", "t22", "t23", "t24"]);
    expect(r?.message).toBe(
      "FAIL gate maxRegressions on ticket-triage/prompt: measured 7 > threshold 0; broke: t18, t19, t20, t21, t22, t23, t24",
    );
    expect(only(gatesOf({ maxRegressions: 7 }, { baseline }))?.status).toBe("pass");
  });

  it("maxSignificantDrop counts a drop only when it is significant", () => {
    const baseline = triage().map((t) => ({
      ...t,
      verdict: { pass: true, formatOk: true, hallucinated: null },
    }));
    // 7 broke, 0 fixed: p = 0.016, significant: a drop of 0.28.
    const r = only(gatesOf({ maxSignificantDrop: 0.1 }, { baseline }));
    expect(r?.status).toBe("fail");
    expect(r?.measured).toBeCloseTo(0.28);
    // 2 broke: not significant, so the measured drop is 0.
    const small = triage().map((t, i) =>
      i >= 20 ? t : { ...t, verdict: { pass: true, formatOk: true, hallucinated: null } },
    );
    const s = only(gatesOf({ maxSignificantDrop: 0.05 }, { baseline: small }));
    expect(s).toMatchObject({ status: "pass", measured: 0 });
  });

  it("skips the baseline gates with a note when there is no baseline", () => {
    const g = gatesOf({ maxRegressions: 0, maxSignificantDrop: 0 });
    expect(g.results).toEqual([]);
    expect(g.passed).toBe(true);
    expect(g.notes).toEqual([
      "skipped maxRegressions: no baseline run (pass --baseline PATH or latest) (ticket-triage/prompt)",
      "skipped maxSignificantDrop: no baseline run (pass --baseline PATH or latest) (ticket-triage/prompt)",
    ]);
  });

  it("suite gates override global ones; `strategies` limits which strategies a gate judges", () => {
    const trials = [
      ...triage("prompt"),
      ...triage("baseline").map((t) => ({
        ...t,
        verdict: { pass: false, formatOk: false, hallucinated: null },
      })),
    ];
    const g = gatesOf(
      { minPassRate: 0.9 },
      { trials, suiteGates: { "ticket-triage": { minPassRate: 0.7, strategies: ["prompt"] } } },
    );
    expect(g.results.map((r) => [r.strategy, r.scope, r.threshold, r.status])).toEqual([
      ["prompt", "suite", 0.7, "pass"],
      ["baseline", "global", 0.9, "fail"],
    ]);
    const limited = gatesOf({ minPassRate: 0.7, strategies: ["prompt"] }, { trials });
    expect(limited.results.map((r) => r.strategy)).toEqual(["prompt"]);
    expect(limited.passed).toBe(true);
  });

  it("prints enough digits that a failing value never reads equal to its threshold", () => {
    const trials = Array.from({ length: 200 }, (_, i) =>
      fakeTrial({ suite: "ticket-triage", caseId: `x${i}`, pass: i < 159 }),
    );
    expect(only(gatesOf({ minPassRate: 0.8 }, { trials }))?.message).toBe(
      "FAIL gate minPassRate on ticket-triage/prompt: measured 0.795 < threshold 0.800",
    );
  });

  it("no gates configured: only the default error gate runs, and passes", () => {
    const report = analyzeRun(triage(), headerOf(["prompt"], ["ticket-triage"]), { now: NOW });
    expect(report.gates).toMatchObject({ passed: true, configured: false });
    expect(report.gates.results.map((r) => [r.gate, r.scope, r.threshold, r.status])).toEqual([
      ["maxErrorRate", "default", 0.05, "pass"],
    ]);
  });

  it("compare evaluates only the baseline gates", () => {
    const report = analyzeRun(triage(), headerOf(["prompt"], ["ticket-triage"]), {
      now: NOW,
      gates: { minPassRate: 0.99, maxRegressions: 0 },
      onlyGates: BASELINE_GATES,
      baseline: { trials: triage(), runId: "r0", source: "r0" },
    });
    expect(report.gates.results.map((r) => [r.gate, r.status])).toEqual([["maxRegressions", "pass"]]);
  });

  it("accepts gates in eval.config.yaml's schema, strategies included", async () => {
    const { GateSchema } = await import("../../src/config/index.js");
    expect(GateSchema.parse({ minPassRateLower: 0.8, strategies: ["tuned"] })).toEqual({
      minPassRateLower: 0.8,
      strategies: ["tuned"],
    });
    expect(() => GateSchema.parse({ minPassRate: 1.5 })).toThrow();
  });

  it("also judges every strategy of every suite by the global gates", () => {
    const trials = [...trialsOf("prompt", 4, () => true), ...trialsOf("baseline", 4, () => false)];
    const report = analyzeRun(trials, headerOf(["baseline", "prompt"]), {
      now: NOW,
      gates: { minPassRate: 0.5 },
    });
    const passRates = report.gates.results.filter((r) => r.gate === "minPassRate");
    expect(passRates.map((r) => `${r.strategy}:${r.status}`)).toEqual(["baseline:fail", "prompt:pass"]);
  });
});
