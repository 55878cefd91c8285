import { describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.js";
import { renderConsoleReport, renderJunit } from "../../src/report/index.js";
import { gateExitCode } from "../../src/report/reporter.js";
import { casesForNonInferiority } from "../../src/stats/index.js";
import { NOW } from "./fixtures.js";
import { suite, tunedRun } from "./questions.fixtures.js";

/** The maxDrop results (maxErrorRate is on by default beside them). */
const drops = (report: ReturnType<typeof analyzeRun>) =>
  report.gates.results.filter((r) => r.gate === "maxDrop");

const maxDrop = (onInconclusive: "fail" | "warn" = "fail", margin?: number) => ({
  maxDrop: { onInconclusive, ...(margin === undefined ? {} : { margin }) },
});

describe("the maxDrop gate: non-inferiority with three outcomes", () => {
  it("fails on the canary scenario: the tuned model's drop is significantly above the margin", () => {
    const { trials, header } = tunedRun();
    const report = analyzeRun(trials, header, { now: NOW, gates: maxDrop() });
    const canary = drops(report).filter((r) => r.suite === "canary-general");
    // tuned vs baseline is both "the best untuned" and "the base model": judged once.
    expect(canary).toHaveLength(1);
    expect(canary[0]).toMatchObject({
      gate: "maxDrop",
      strategy: "tuned",
      status: "fail",
      threshold: 0.05,
      pair: "tuned vs baseline, the untuned sim-base",
    });
    expect(canary[0]?.measured).toBeCloseTo(7 / 17, 12);
    expect(canary[0]?.message).toMatch(
      /^FAIL gate maxDrop on canary-general\/tuned \(tuned vs baseline, the untuned sim-base\): drop 41 pp, 90% interval of the drop \[\d+ pp, \d+ pp\] above the margin 5 pp$/,
    );
    expect(report.gates.passed).toBe(false);
    expect(gateExitCode(report)).toBe(1);
  });

  it("a 5-case suite cannot show a real 5-point drop is under the margin: INCONCLUSIVE, with the cases needed", () => {
    // The tuned model is truly 5 points worse; over 5 cases that shows in about one run of four.
    // Here none of its 5 cases failed: no evidence either way, and the gate must not pass.
    const trials = suite("small", 5, {
      baseline: () => true,
      prompt: () => true,
      retrieval: () => true,
      tuned: () => true,
    });
    const report = analyzeRun(trials, null, { now: NOW, gates: maxDrop() });
    const [gate] = drops(report);
    expect(gate).toMatchObject({ status: "inconclusive", onInconclusive: "fail", measured: 0 });
    // No case flipped: planned at the assumed 10 % discordance, 248 cases in all (5 here).
    expect(casesForNonInferiority(0, 0.05, 0.1)).toBe(248);
    expect(gate?.settle).toBe(
      "add about 250 cases, assuming 10% of cases flip (--repeat helps only if cases are flaky)",
    );
    expect(gate?.message).toContain("INCONCLUSIVE gate maxDrop on small/tuned");
    expect(report.gates.passed).toBe(false);
    expect(renderConsoleReport(report, ["gates"])).toContain(
      "gates: 1 inconclusive (1 fail CI: maxDrop cannot tell)",
    );
    // onInconclusive: warn lets CI pass, and says so.
    const warned = analyzeRun(trials, null, { now: NOW, gates: maxDrop("warn") });
    expect(warned.gates.passed).toBe(true);
    expect(drops(warned)[0]?.message).toContain("(warning only: onInconclusive: warn)");
    expect(renderJunit(warned)).toContain('<skipped message="INCONCLUSIVE gate maxDrop on small/tuned');
    expect(renderJunit(report)).toMatch(
      /<failure message="INCONCLUSIVE gate maxDrop[^"]*" type="inconclusive"/,
    );
  });

  it("a 2,000-case suite with no drop reads equivalent and passes", () => {
    // 40 cases flip each way: the drop is 0 and its 90% interval well inside ±5 points.
    const trials = suite("large", 2000, {
      baseline: (i) => i % 4 !== 0,
      prompt: (i) => i >= 40,
      retrieval: (i) => i % 4 !== 0,
      tuned: (i) => i < 40 || i >= 80,
    });
    const report = analyzeRun(trials, null, { now: NOW, gates: maxDrop() });
    const [q] = report.questions.filter((x) => x.kind === "tuned");
    expect(q).toMatchObject({ reference: "prompt", fixed: 40, broke: 40, decision: "equivalent" });
    expect(q?.equivalence.low).toBeGreaterThan(-0.05);
    expect(q?.equivalence.high).toBeLessThan(0.05);
    const [gate] = drops(report);
    expect(gate).toMatchObject({ status: "pass", measured: 0 });
    expect(report.gates.passed).toBe(true);
    expect(report.decisions[0]?.tuningText).toContain("quality equivalent vs prompt");
  });

  it("judges each strategy against itself in a baseline run; a suite gate overrides the margin", () => {
    const before = suite("s", 300, {
      baseline: () => true,
      prompt: () => true,
      retrieval: () => true,
      tuned: () => true,
    });
    const after = suite("s", 300, {
      baseline: () => true,
      prompt: (i) => i >= 3,
      retrieval: (i) => i >= 60,
      tuned: () => true,
    });
    const report = analyzeRun(after, null, {
      now: NOW,
      suiteGates: { s: { maxDrop: { margin: 0.1, onInconclusive: "fail" } } },
      baseline: { trials: before, runId: "r0", source: "r0" },
    });
    const regression = drops(report).filter((r) => r.pair?.includes("baseline run r0"));
    expect(regression.map((r) => [r.strategy, r.status, r.scope, r.threshold])).toEqual([
      ["baseline", "pass", "suite", 0.1],
      ["prompt", "pass", "suite", 0.1],
      ["retrieval", "fail", "suite", 0.1],
      ["tuned", "pass", "suite", 0.1],
    ]);
    expect(report.decisions[0]?.regressionText).toMatch(
      /^against baseline run r0: retrieval regressed \(0 fixed, 60 broke of 300/,
    );
  });

  it("without a tuned strategy or a baseline run there is nothing to judge: a note, no result", () => {
    const trials = suite("s", 10, {
      baseline: () => true,
      prompt: () => true,
      retrieval: () => true,
      tuned: () => true,
    }).filter((t) => t.strategy !== "tuned");
    const report = analyzeRun(trials, null, { now: NOW, gates: maxDrop() });
    expect(drops(report)).toEqual([]);
    expect(report.gates.notes).toContain(
      "skipped maxDrop: no tuned strategy and no baseline run to judge (pass --baseline PATH or latest)",
    );
  });
});
