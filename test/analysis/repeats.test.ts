import { describe, expect, it } from "vitest";
import { compareCases } from "../../src/analysis/compare.js";
import { analyzeRun } from "../../src/analysis/index.js";
import { renderConsoleReport, renderMarkdown } from "../../src/report/index.js";
import type { TrialRecord } from "../../src/runlog/index.js";
import { repeatStats } from "../../src/stats/index.js";
import { fakeTrial } from "../helpers/trial.js";
import { headerOf, NOW } from "./fixtures.js";

/** Trials of one strategy: for each case, the outcomes of its repeats (null: the call failed). */
function repeated(strategy: string, outcomes: Record<string, (boolean | null)[]>): TrialRecord[] {
  const error = { kind: "server" as const, retryable: true, message: "500" };
  return Object.entries(outcomes).flatMap(([caseId, list]) =>
    list.map((pass, repeat) =>
      fakeTrial({
        caseId,
        strategy,
        strategyType: strategy === "baseline" ? "baseline" : "prompt",
        repeat,
        pass: pass === true,
        ...(pass === null ? { verdict: null, output: null, error } : {}),
      }),
    ),
  );
}

describe("--repeat k: each case one cluster", () => {
  const trials = [
    ...repeated("prompt", {
      a: [true, true, true],
      b: [true, false, false],
      c: [false, false, false],
      d: [true, true, false],
    }),
    ...repeated("baseline", {
      a: [true, true, true],
      b: [true, true, true],
      c: [true, null, true],
      d: [false, false, false],
    }),
  ];
  const report = analyzeRun(trials, headerOf(["baseline", "prompt"]), { now: NOW });
  const prompt = report.repeats.find((r) => r.strategy === "prompt");

  it("pass@k, pass^k, flip rates and the flaky cases, by hand", () => {
    // Shares 3/3, 1/3, 0/3, 2/3: some repeat passed in 3 of 4 cases, every repeat in 1 of 4.
    expect(prompt).toMatchObject({
      suite: "demo",
      k: 3,
      cases: 4,
      passAtK: 3 / 4,
      passAllK: 1 / 4,
      flaky: 2,
    });
    // Flip rate: the minority's share of a case's repeats, ⅓ for b and d, averaged over 4 cases.
    expect(prompt?.meanFlipRate).toBeCloseTo((0 + 1 / 3 + 0 + 1 / 3) / 4, 12);
    expect(prompt?.caseFlips).toEqual([
      { caseId: "b", passed: 1, answered: 3, flipRate: 1 / 3 },
      { caseId: "d", passed: 2, answered: 3, flipRate: 1 / 3 },
      { caseId: "a", passed: 3, answered: 3, flipRate: 0 },
      { caseId: "c", passed: 0, answered: 3, flipRate: 0 },
    ]);
    // A failed call counts neither way: baseline's case c has 2 answers, both passing.
    const baseline = report.repeats.find((r) => r.strategy === "baseline");
    expect(baseline?.caseFlips.find((c) => c.caseId === "c")).toEqual({
      caseId: "c",
      passed: 2,
      answered: 2,
      flipRate: 0,
    });
  });

  it("the clustered interval of the pass rate: Wilson at the effective n, by hand", () => {
    // Mean share ½; spread of the shares (¼ + 1/36 + ¼ + 1/36)/4 = 0.1389, so n_eff =
    // ½·½·4 / 0.1389 = 7.2 → 7 (between the 4 cases and the 12 answers). Wilson(½, 7) at z 1.96:
    // ½ ± 0.29763.
    expect(prompt?.pass.rate).toBeCloseTo(0.5, 12);
    expect(prompt?.pass.effectiveN).toBe(7);
    expect(prompt?.pass.low).toBeCloseTo(0.20237, 5);
    expect(prompt?.pass.high).toBeCloseTo(0.79763, 5);
  });

  it("pairs compare the cases' shares: the sign-flip test and the clustered interval, by hand", () => {
    const two = [
      ...repeated("baseline", { a: [true, true], b: [true, true], c: [true, false], d: [false, false] }),
      ...repeated("prompt", { a: [true, false], b: [true, true], c: [false, false], d: [false, false] }),
    ];
    const [pair] = analyzeRun(two, headerOf(["baseline", "prompt"]), { now: NOW }).pairs;
    // Shares baseline 1, 1, ½, 0 and prompt ½, 1, 0, 0: two cases worse by ½, none better.
    expect(pair).toMatchObject({ n: 4, fixed: 0, broke: 2, repeatNoise: { k: 2 } });
    // Two equal differences, both negative: the sign-flip test is McNemar's 0 vs 2, p = 0.5.
    expect(pair?.p).toBeCloseTo(0.5, 12);
    expect(pair?.discordance).toBeCloseTo((0.25 + 0 + 0.25 + 0) / 4, 12);
    // Newcombe's method 10 on the case shares, each rate's Wilson interval at its effective n (5
    // of 4..8), φ = (cov − 1/2n)/√(var·var) = (0.140625 − 0.125)/0.171875 (worked in Python).
    expect(pair?.diff.value).toBeCloseTo(-0.25, 12);
    expect(pair?.diff.low).toBeCloseTo(-0.6132445, 6);
    expect(pair?.diff.high).toBeCloseTo(0.2597085, 6);
    // The repeat-to-repeat noise: x(1 − x)/(k − 1) per side, ¼ for the two split cases, over 4 cases.
    expect(pair?.repeatNoise?.variance).toBeCloseTo((0.25 + 0.25) / 4, 12);
  });

  it("is empty with one repeat, and every reporter lists the flaky cases", () => {
    const once = analyzeRun(
      trials.filter((t) => t.repeat === 0),
      headerOf(["baseline", "prompt"]),
      { now: NOW },
    );
    expect(once.repeats).toEqual([]);
    expect(renderConsoleReport(report, ["repeats"])).toContain("│ 2: b (1/3), d (2/3) │");
    expect(renderMarkdown(report)).toContain(
      "| demo | prompt | 3 | 4 | 50% [20%–80%] | 75% of 4 | 25% of 4 | 17% | 2: b (1/3), d (2/3) |",
    );
  });
});

describe("--repeat k on a large run", () => {
  it("folds 200,000 cases without spreading them into one call (that overflows the stack)", () => {
    const cases = Array.from({ length: 200_000 }, (_, i) => ({ passed: i % 3 === 0 ? 2 : 1, answered: 2 }));
    expect(repeatStats(cases)).toMatchObject({ k: 2, cases: 200_000 });
    const pairs = cases.map((a) => ({ a, b: { passed: 2, answered: 2 } }));
    const compared = compareCases(pairs, 0);
    expect(compared.n).toBe(200_000);
    expect(compared.repeatNoise).not.toBeNull();
  });
});
