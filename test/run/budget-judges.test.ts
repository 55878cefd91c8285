// `--max-cost` counts what judges spend: the judge grading each answer as the trial is scored, and
// the pairwise and labelled judgments after the trials. The example project's zh-support-style
// suite has both (a rubric judge, a pairwise judge and labelled answers), all on the simulator.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { registerRunsCommand } from "../../src/commands/runs.js";
import { runSuites } from "../../src/run/index.js";
import { runCli } from "../helpers/cli.js";
import { exampleProject } from "../helpers/project.js";

const SUITE = "zh-support-style";

afterEach(() => {
  process.exitCode = undefined;
});

type Line = Record<string, unknown> & { schema: string };
type Cost = { spent: number | null } | undefined;

/**
 * What every line of a run log spent, read off the raw lines (a line sent again was paid for
 * again): the strategies' calls, their scorers' calls, the judgments; and each judgment's key.
 */
function spentIn(runDir: string) {
  const lines = readFileSync(path.join(runDir, "trials.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Line);
  let trials = 0;
  let judges = 0;
  const judgments: string[] = [];
  for (const l of lines) {
    if (l.schema === "tunebench.trial/1") {
      const t = l as unknown as {
        cached: boolean;
        cost: { total: number | null };
        scores: { cost?: Cost }[];
      };
      trials += t.cached ? 0 : (t.cost.total ?? 0);
      for (const s of t.scores) trials += s.cost?.spent ?? 0;
    } else if (l.schema === "tunebench.judgment/1") {
      const j = l as unknown as { kind: string; cost?: Cost; score?: { cost?: Cost } };
      judges += (j.kind === "pairwise" ? j.cost?.spent : j.score?.cost?.spent) ?? 0;
      const { kind, caseId, index, strategies, repeat } = l;
      judgments.push(JSON.stringify([kind, caseId, index, strategies, repeat]));
    }
  }
  return { trials, judges, total: trials + judges, judgments };
}

/** The judged suite of a fresh copy of the example project, run without the cache (under `maxCost`). */
async function judgedRun(maxCost?: number) {
  const config = path.join(exampleProject(), "eval.config.yaml");
  const budget = maxCost === undefined ? {} : { maxCost };
  const run = await runSuites({ config, suites: [SUITE], cache: false, onWarning: () => {}, ...budget });
  return { config, run, spent: spentIn(run.dir) };
}

const fullRun = async () => (await judgedRun()).spent;

describe("--max-cost counts judges", () => {
  it("stops judging at the budget (exit 1, resume line); a resume with more makes the rest, none twice", {
    timeout: 60_000,
  }, async () => {
    const full = await fullRun();
    expect(full.judges).toBeGreaterThan(0);
    expect(full.trials).toBeGreaterThan(0);
    // Room for every trial and its judge, and for about half the judgments after them.
    const budget = full.trials + full.judges / 2;

    const dir = exampleProject();
    const config = path.join(dir, "eval.config.yaml");
    const args = ["run", "-c", config, "-s", SUITE, "--no-cache", "--reporter", "json"];
    const first = await runCli([registerRunCommand], [...args, "--max-cost", String(budget)]);
    expect(first.code).toBe(1);
    const [runId] = readdirSync(path.join(dir, "reports"));
    expect(first.stderr).toMatch(
      new RegExp(
        `tunebench: stopped at the budget: \\$[\\d.]+ of \\$[\\d.]+ spent, \\d+ judgments not made; go on with --resume ${runId} --max-cost <more>\\n$`,
      ),
    );
    const runDir = path.join(dir, "reports", runId as string);
    // `runs` lists what the run spent as the budget counted it, judges included (it showed the
    // strategies' calls alone: a fortieth of it).
    const said = /stopped at the budget: (\$[\d.]+) of/.exec(first.stderr)?.[1];
    const runs = await runCli([registerRunsCommand], ["runs", "-c", config]);
    expect(runs.stdout).toContain(` · ${said} spent · `);
    const stopped = spentIn(runDir);
    expect(stopped.total).toBeLessThanOrEqual(budget);
    expect(stopped.judgments.length).toBeGreaterThan(0);
    expect(stopped.judgments.length).toBeLessThan(full.judgments.length);

    // The resume starts from everything the log spent, judges included, and judges what is missing.
    const resumed = await runSuites({
      config,
      resume: runDir,
      maxCost: 10,
      cache: false,
      onWarning: () => {},
    });
    const after = spentIn(runDir);
    expect(resumed.budget?.stopped).toBe(false);
    expect(resumed.budget?.spent).toBeCloseTo(after.total, 10);
    expect(after.judgments.toSorted()).toEqual(full.judgments.toSorted());
    expect(new Set(after.judgments).size).toBe(after.judgments.length);
  });

  it("leaves room for the judge grading each answer: the trials stop under the budget and nothing is judged after", {
    timeout: 60_000,
  }, async () => {
    const full = await fullRun();
    const budget = full.trials / 2;
    const { run, spent } = await judgedRun(budget);
    expect(run.budget?.stopped).toBe(true);
    expect(run.done).toBeLessThan(run.total);
    expect(spent.total).toBeLessThanOrEqual(budget);
    expect(spent.total).toBeGreaterThan(budget / 2);
    expect(run.budget?.spent).toBeCloseTo(spent.total, 10);
    // The judgments need every answer: a resume with more makes them.
    expect(spent.judgments).toEqual([]);
  });

  it("a budget that covers everything: the run ends by its gates, and its spending is all counted", {
    timeout: 60_000,
  }, async () => {
    const full = await fullRun();
    const budget = full.total * 1.5;
    const { config, run, spent } = await judgedRun(budget);
    expect(run.budget?.stopped).toBe(false);
    expect(run.budget?.spent).toBeCloseTo(spent.total, 10);
    expect(spent.total).toBeLessThanOrEqual(budget);
    expect(spent.judgments.toSorted()).toEqual(full.judgments.toSorted());

    const cli = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "-s", SUITE, "--no-cache", "--reporter", "json", "--max-cost", String(budget)],
    );
    expect(cli.stderr).not.toMatch(/stopped at the budget/);
    expect(cli.code ?? 0).toBe(0); // the example's gates pass
  });
});
