// `run --dry-run` estimates what judges will spend, beside the strategies' calls: the example
// project's zh-support-style suite has a rubric judge grading every answer, a pairwise judge and
// human-labelled answers, all on the simulator.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { estimateRun, type JudgeTally, runSuites } from "../../src/run/index.js";
import { runCli } from "../helpers/cli.js";
import { exampleProject } from "../helpers/project.js";

const SUITE = "zh-support-style";

afterEach(() => {
  process.exitCode = undefined;
});

type Cost = { calls: number; total: number | null };

/** Judge calls and dollars a run log holds, by what they graded. */
function judgedIn(runDir: string): Record<JudgeTally["work"], { calls: number; cost: number }> {
  const spent = {
    answers: { calls: 0, cost: 0 },
    pairs: { calls: 0, cost: 0 },
    labels: { calls: 0, cost: 0 },
  };
  const add = (to: { calls: number; cost: number }, cost?: Cost) => {
    to.calls += cost?.calls ?? 0;
    to.cost += cost?.total ?? 0;
  };
  for (const line of readFileSync(path.join(runDir, "trials.jsonl"), "utf8").trim().split("\n")) {
    const l = JSON.parse(line) as {
      schema: string;
      kind?: string;
      scores?: { scorer: string; cost?: Cost }[];
      cost?: Cost;
      score?: { cost?: Cost };
    };
    for (const s of l.scores ?? []) if (s.scorer === "judge") add(spent.answers, s.cost);
    if (l.kind === "pairwise") add(spent.pairs, l.cost);
    if (l.kind === "labelled") add(spent.labels, l.score?.cost);
  }
  return spent;
}

describe("run --dry-run with judges", () => {
  it("estimates each judge's calls exactly and its dollars within 10 % of what the run spends", {
    timeout: 60_000,
  }, async () => {
    const config = path.join(exampleProject(), "eval.config.yaml");
    for (const judgeRepeat of [1, 2]) {
      const estimate = await estimateRun({ config, suites: [SUITE], judgeRepeat });
      const run = await runSuites({ config, suites: [SUITE], cache: false, judgeRepeat });
      const measured = judgedIn(run.dir);
      expect(estimate.judges.map((j) => j.work).sort()).toEqual(["answers", "labels", "pairs"]);
      for (const j of estimate.judges) {
        const m = measured[j.work];
        expect(j.calls, `${j.work} × ${judgeRepeat}`).toBe(m.calls);
        expect(Math.abs((j.cost ?? Number.NaN) / m.cost - 1), `${j.work} × ${judgeRepeat}`).toBeLessThan(0.1);
      }
      // Grading repeats with --judge-repeat; a pair is compared once in each order whatever it is.
      const calls = (work: string) => estimate.judges.find((j) => j.work === work)?.calls;
      expect(calls("pairs")).toBe(30);
      expect(calls("labels")).toBe(7 * judgeRepeat);
    }
  });

  it("shows the judges' rows, counts them in the total and the budget, and names only what it leaves out", async () => {
    const config = path.join(exampleProject(), "eval.config.yaml");
    const dry = (maxCost: string) =>
      runCli([registerRunCommand], ["run", "-c", config, "-s", SUITE, "--dry-run", "--max-cost", maxCost]);
    const judged = await dry("0.02");
    expect(judged.code).toBe(0);
    expect(judged.stdout).toMatch(/│ zh-support-style │ judge: answers │ sim-judge │ 45 calls │/);
    expect(judged.stdout).toMatch(/│ zh-support-style │ judge: pairs +│ sim-judge │ 30 calls │/);
    expect(judged.stdout).not.toMatch(/Not estimated/);
    // The trials' calls alone cost ~$0.002; with the judge grading each answer, ~$0.05, and the
    // run stops after 15 of them at $0.02 (budget-judges.test.ts).
    const stop = /^Budget \$0\.0200: the run would stop after about (\d+) of 51 trials/m.exec(judged.stdout);
    expect(Number(stop?.[1])).toBeGreaterThanOrEqual(13);
    expect(Number(stop?.[1])).toBeLessThanOrEqual(17);
    // The trials fit in $0.07; the pairwise and labelled judgments after them (~$0.04) do not.
    expect((await dry("0.07")).stdout).toMatch(
      /^Budget \$0\.0700: the trials fit; the judging after them \(\$0\.04\d+\) would stop at the budget\.$/m,
    );
    expect((await dry("100")).stdout).toMatch(/^Budget \$100\.00: the estimate fits\.$/m);
    // A suite without a judge has no judge rows.
    const plain = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "-s", "ticket-triage", "--dry-run"],
    );
    expect(plain.stdout).not.toMatch(/judge:/);
    // One case, one strategy: one judge call (it said "1 calls").
    const one = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "-s", SUITE, "--case", "refund-time-zh", "--strategy", "prompt", "--dry-run"],
    );
    expect(one.stdout).toMatch(/│ zh-support-style │ judge: answers │ sim-judge │ 1 call +│/);
  });

  it("predicts where a budget stops the run suite by suite, as the run spends (the judged suite last)", {
    timeout: 60_000,
  }, async () => {
    const config = path.join(exampleProject(), "eval.config.yaml");
    const args = ["run", "-c", config, "--max-cost", "0.01"];
    const dry = await runCli([registerRunCommand], [...args, "--dry-run"]);
    const predicted = Number(/would stop after about (\d+) of 345 trials/.exec(dry.stdout)?.[1]);
    const run = await runCli([registerRunCommand], [...args, "--no-cache", "--reporter", "json"]);
    expect(run.code).toBe(1);
    const left = Number(/(\d+) of 345 trials not run/.exec(run.stderr)?.[1]);
    // The judged suite's answers cost ~20 times the others' trials: spread over all trials they
    // would put the stop near 34; the run stops in the fifth suite, near 280.
    expect(Math.abs(predicted / (345 - left) - 1)).toBeLessThan(0.1);
  });
});
