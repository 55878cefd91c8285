// Judge results in the report: a judge error is shown as such by every reporter and never counted
// as a failed case; judge-human agreement (Cohen's kappa) and self-agreement from the log.
import { describe, expect, it } from "vitest";
import { analyzeRun } from "../../src/analysis/index.js";
import { renderConsoleReport, renderHtml, renderJunit, renderMarkdown } from "../../src/report/index.js";
import type { JudgmentRecord, Score } from "../../src/runlog/index.js";
import { fakeTrial, headerOf } from "../helpers/trial.js";

const JUDGE_ERROR = 'judge error: unparseable verdict (not a JSON object): "I would say 4"';
const judgeScore = (samples: number[], pass = 4): Score => {
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    scorer: "judge",
    pass: mean >= pass,
    score: (mean - 1) / 4,
    reason: `${mean}/5`,
    details: {
      endpoint: "sim",
      model: "sim-judge",
      scale: [1, 5],
      pass,
      samples: samples.map((score) => ({ raw: "{}", cached: false, score, reason: "r" })),
    },
    cost: { calls: samples.length, cached: 0, total: 0.001 * samples.length, spent: 0.001 * samples.length },
  };
};
const labelled = (caseId: string, index: number, humanPass: boolean, judgePass: boolean): JudgmentRecord => ({
  schema: "tunebench.judgment/1",
  kind: "labelled",
  runId: "r1",
  suite: "demo",
  caseId,
  judge: { endpoint: "sim", model: "sim-judge" },
  startedAt: "2026-01-01T00:00:00Z",
  index,
  answer: "a",
  label: humanPass ? "pass" : "fail",
  humanPass,
  score: judgeScore([judgePass ? 5 : 2]),
});

function report(judgments: JudgmentRecord[] = []) {
  const trials = [
    fakeTrial({
      strategy: "prompt",
      caseId: "c1",
      scores: [
        { scorer: "expect", pass: true, reason: "met: contains" },
        { scorer: "judge", error: true, reason: JUDGE_ERROR },
      ],
    }),
    fakeTrial({ strategy: "prompt", caseId: "c2", scores: [judgeScore([4, 4, 5])] }),
    fakeTrial({
      strategy: "baseline",
      strategyType: "baseline",
      caseId: "c1",
      scores: [judgeScore([2, 2, 2])],
      pass: false,
    }),
    fakeTrial({
      strategy: "baseline",
      strategyType: "baseline",
      caseId: "c2",
      scores: [judgeScore([1, 3, 2])],
      pass: false,
    }),
  ];
  return analyzeRun(trials, headerOf(["prompt", "baseline"]), {
    judgments,
    now: new Date("2026-01-01T01:00:00Z"),
  });
}

describe("judge errors in the reports", () => {
  it("count neither as failures nor as grades, and every reporter shows them", () => {
    const r = report();
    const c1 = [...r.cases].find((c) => c.caseId === "c1")?.results.find((x) => x.strategy === "prompt");
    expect(c1).toMatchObject({ pass: true, reasons: [], scorerErrors: [`judge: ${JUDGE_ERROR}`] });
    const row = r.judging.grades.find((g) => g.strategy === "prompt" && g.scorer === "judge");
    expect(row).toMatchObject({ n: 1, errors: 1, passRate: 1 });
    expect(r.judging.warnings).toContain(
      "demo/prompt: 1 judge error(s) (no verdict): left out of the grades, never counted as failures",
    );
    expect(renderConsoleReport(r)).toContain("1 judge error(s)");
    expect(renderMarkdown(r)).toContain("1 judge error(s)");
    expect(renderHtml(r)).toContain(
      "judge error: unparseable verdict (not a JSON object): &quot;I would say 4&quot;",
    );
    const xml = renderJunit(r);
    expect(xml).toMatch(
      /<testcase name="c1" classname="demo\.prompt"[^>]*>\s*<system-err>judge: judge error: unparseable/,
    );
    expect(xml).toMatch(/<testsuite name="demo\/prompt" tests="2" failures="0" errors="0"/);
  });

  it("keeps the judge's cost out of $/call and reports it as the evaluation cost", () => {
    const r = report();
    const prompt = r.summary.groups.find((g) => g.strategy === "prompt");
    expect(prompt?.cost.perCall).toBeCloseTo(0.001, 12);
    expect(prompt?.evaluation).toEqual({ calls: 3, cached: 0, total: 0.003, spent: 0.003 });
    expect(r.judging.cost.total.calls).toBe(9);
    expect(renderConsoleReport(r)).toMatch(
      /Evaluation cost \(judges and embeddings, not part of any strategy's \$\/call\): \$0\.0090 spent on 9 calls/,
    );
  });
});

describe("judge reliability", () => {
  it("self-agreement over judgeRepeat grades: same score, same verdict", () => {
    const self = report().judging.agreement[0]?.self;
    // [4,4,5] differ in score, agree in verdict (all ≥ 4); [2,2,2] agree; [1,3,2] differ, agree (all < 4).
    expect(self).toEqual({ answers: 3, k: 3, sameScore: 1 / 3, sameVerdict: 1 });
  });

  it("Cohen's kappa against human labels, with the count, and a warning below 0.6", () => {
    // Human P P F F P F P F P P, judge P F F F P P P F P P: κ = (0.8 − 0.52)/(1 − 0.52) = 0.5833.
    const human = [..."PPFFPFPFPP"].map((c) => c === "P");
    const judge = [..."PFFFPPPFPP"].map((c) => c === "P");
    const r = report(human.map((h, i) => labelled(`c${i}`, 0, h, judge[i] as boolean)));
    const agreement = r.judging.agreement[0]?.human;
    expect(agreement?.n).toBe(10);
    expect(agreement?.kappa).toBeCloseTo(0.28 / 0.48, 12);
    expect(agreement?.disagreements).toEqual(["c1#1", "c5#1"]);
    expect(r.judging.warnings[0]).toBe(
      "demo: the judge agrees with the human labels at κ 0.58 on 10 labelled answers, below 0.6: do not trust its grades without reading them",
    );
    expect(renderConsoleReport(r)).toContain(
      "judge–human agreement κ 0.58 on 10 labelled answers (80% agree; differ on c1#1, c5#1)",
    );
    const agreeing = report(human.map((h, i) => labelled(`c${i}`, 0, h, h)));
    expect(agreeing.judging.agreement[0]?.human?.kappa).toBe(1);
    expect(agreeing.judging.warnings.filter((w) => w.includes("κ"))).toEqual([]);
  });
});
