// Graded scores and the pairwise judge speak the one vocabulary too: better / worse / equivalent /
// inconclusive, never "no-change".
import { describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.js";
import type { TrialRecord } from "../../src/runlog/index.js";
import { fakeTrial } from "../helpers/trial.js";
import { headerOf, NOW } from "./fixtures.js";

/** n cases of a strategy graded `grade(i)` (0..1) by a custom scorer. */
function graded(strategy: string, n: number, grade: (i: number) => number): TrialRecord[] {
  return Array.from({ length: n }, (_, i) =>
    fakeTrial({
      caseId: `c${i}`,
      strategy,
      strategyType: strategy === "baseline" ? "baseline" : "prompt",
      scores: [{ scorer: "style", pass: true, score: grade(i), reason: "graded" }],
    }),
  );
}

const decide = (trials: TrialRecord[]) =>
  analyzeRun(trials, headerOf(["baseline", "prompt"]), { now: NOW }).pairs[0]?.graded[0];

describe("graded comparisons in the one vocabulary", () => {
  it("better when the Wilcoxon p is significant, equivalent when the 90% interval is inside ±5 points", () => {
    expect(decide([...graded("baseline", 40, () => 0.5), ...graded("prompt", 40, () => 0.8)])?.decision).toBe(
      "better",
    );
    // 200 cases that differ by ±0.02 both ways: no difference, and the interval is tight.
    const wobble = (i: number) => 0.6 + (i % 2 === 0 ? 0.02 : -0.02);
    const same = decide([...graded("baseline", 200, () => 0.6), ...graded("prompt", 200, wobble)]);
    expect(same?.equivalence.low).toBeGreaterThan(-0.05);
    expect(same?.equivalence.high).toBeLessThan(0.05);
    expect(same?.decision).toBe("equivalent");
  });

  it("identical grades: the rule of three decides whether there were enough cases to say equivalent", () => {
    // No spread to bootstrap: ±3/n around the difference (0). 40 cases: ±7.5 points, too wide.
    const few = decide([...graded("baseline", 40, () => 0.7), ...graded("prompt", 40, () => 0.7)]);
    expect(few?.equivalence).toEqual({ low: -3 / 40, high: 3 / 40 });
    expect(few?.decision).toBe("inconclusive");
    // 100 cases: ±3 points, inside the ±5-point margin.
    const many = decide([...graded("baseline", 100, () => 0.7), ...graded("prompt", 100, () => 0.7)]);
    expect(many?.decision).toBe("equivalent");
  });
});
