import { describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.js";
import { baselineRow, caseChanges } from "../../src/report/rows.js";
import type { RunHeader, TrialRecord } from "../../src/runlog/index.js";
import { fakeTrial, headerOf } from "../helpers/trial.js";
import { NOW } from "./fixtures.js";

const canaryTrials = (strategy: string, fails: number[]): TrialRecord[] =>
  Array.from({ length: 10 }, (_, i) =>
    fakeTrial({
      suite: "general",
      canary: true,
      caseId: `g${i}`,
      strategy,
      strategyType: "tuned",
      pass: !fails.includes(i),
    }),
  );

describe("a baseline with one tuned model, a run with one per task", () => {
  // The baseline ran `tuned` (one model) on the canary suite; this run tunes a model per task
  // suite, and each answers the canary suite as its own check (`tuned@triage`, `tuned@support`).
  const header: RunHeader = headerOf(["tuned"], ["triage", "support", "general"]);
  header.strategies.push(
    { ...(header.strategies[0] as RunHeader["strategies"][number]), name: "tuned@triage", canaryOf: "tuned" },
    {
      ...(header.strategies[0] as RunHeader["strategies"][number]),
      name: "tuned@support",
      canaryOf: "tuned",
    },
  );
  const report = analyzeRun(
    [...canaryTrials("tuned@triage", [1, 2]), ...canaryTrials("tuned@support", [])],
    header,
    {
      now: NOW,
      baseline: { trials: canaryTrials("tuned", [2]), runId: "r0", source: "r0" },
    },
  );
  const groups = report.baseline?.groups ?? [];

  it("compares each task's model with the one model on the canary cases, nothing added or removed", () => {
    expect(
      groups.map((g) => [g.strategy, g.baselineStrategy, g.matched, g.added.length, g.removed.length]),
    ).toEqual([
      ["tuned@triage", "tuned", 10, 0, 0],
      ["tuned@support", "tuned", 10, 0, 0],
    ]);
    const [triage, support] = groups;
    expect(triage?.regressions).toEqual([{ caseId: "g1", repeat: 0 }]);
    expect(support?.fixes).toEqual([{ caseId: "g2", repeat: 0 }]);
    expect(triage?.passRate).toEqual({ baseline: 0.9, candidate: 0.8 });
  });

  it("says which strategy of the baseline each row is compared with", () => {
    expect(baselineRow(groups[0] as never)[1]).toBe("tuned@triage (baseline: tuned)");
    expect(caseChanges(groups).map((c) => `${c.what} ${c.where}: ${c.cases}`)).toEqual([
      "broke general/tuned@triage: g1",
      "fixed general/tuned@support: g2",
    ]);
  });

  it("a check the baseline ran too is compared with itself", () => {
    const again = analyzeRun(canaryTrials("tuned@triage", []), header, {
      now: NOW,
      baseline: { trials: canaryTrials("tuned@triage", [0]), runId: "r0", source: "r0" },
    });
    expect(again.baseline?.groups.map((g) => [g.strategy, g.baselineStrategy, g.fixes.length])).toEqual([
      ["tuned@triage", undefined, 1],
    ]);
  });
});
