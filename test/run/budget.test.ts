import { cpSync, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { loadRun } from "../../src/index.js";
import { estimateRun, runSuites } from "../../src/run/index.js";
import { runCli } from "../helpers/cli.js";
import { exampleProject, simConfig } from "../helpers/project.js";
import { simulatorPerTest } from "../helpers/sim.js";
import { runCli as runBuiltCli } from "../reliability/cli.js";
import { generatedProject } from "../reliability/project.js";

const simulator = simulatorPerTest();
const { chatRequests } = simulator;

describe("run --dry-run", () => {
  it("estimates the example suites within 10 % of what the run then measures, calling nothing", {
    timeout: 60_000,
  }, async () => {
    const dir = exampleProject();
    const config = path.join(dir, "eval.config.yaml");
    const cli = await runCli([registerRunCommand], ["run", "-c", config, "--dry-run"]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^SIMULATED/);
    expect(cli.stdout).toMatch(/dry run: nothing was called/);
    expect(cli.stdout).toMatch(/│ total +│ +│ +│ 345 +│/);
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
    // Nothing at all: not the cache, not the retrieval index the estimate searched.
    expect(existsSync(path.join(dir, ".tunebench"))).toBe(false);

    const estimate = await estimateRun({ config });
    const run = await loadRun((await runSuites({ config, cache: false })).dir);
    for (const row of estimate.rows.filter((r) => !r.unavailable)) {
      const trials = run.trials.filter((t) => t.suite === row.suite && t.strategy === row.strategy);
      expect(trials).toHaveLength(row.trials);
      const prompt = trials.reduce((sum, t) => sum + (t.usage?.promptTokens ?? 0), 0);
      // Prompts are counted as the endpoint counts them: exactly.
      expect(row.promptTokens, `${row.suite}/${row.strategy}`).toBe(prompt);
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const measured = {
      tokens: sum(run.trials.map((t) => (t.usage?.promptTokens ?? 0) + (t.usage?.completionTokens ?? 0))),
      output: sum(run.trials.map((t) => t.usage?.completionTokens ?? 0)),
      cost: sum(run.trials.map((t) => t.cost.total ?? 0)),
    };
    const rows = estimate.rows.filter((r) => !r.unavailable);
    const estimated = {
      tokens: sum(rows.map((r) => r.promptTokens + r.outputTokens)),
      output: sum(rows.map((r) => r.outputTokens)),
      cost: sum(rows.map((r) => r.cost ?? Number.NaN)),
    };
    expect(Math.abs(estimated.tokens / measured.tokens - 1)).toBeLessThan(0.1);
    expect(Math.abs(estimated.output / measured.output - 1)).toBeLessThan(0.1);
    expect(Math.abs(estimated.cost / measured.cost - 1)).toBeLessThan(0.1);
  });
});

describe("--max-cost", () => {
  async function project(repeat = 1) {
    const sim = await simulator.start();
    return generatedProject(
      simConfig(sim.url, `run: { concurrency: 4, repeat: ${repeat}, cache: false }\n`),
      40,
    );
  }

  it("stops under the budget, says so (exit 1), and a resume with a higher budget finishes the run", async () => {
    const dir = await project(3);
    const config = path.join(dir, "eval.config.yaml");
    const full = await estimateRun({ config });
    const cost = full.rows.reduce((sum, r) => sum + (r.cost ?? 0), 0);
    const budget = cost / 2;

    const first = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--max-cost", String(budget), "--reporter", "json"],
    );
    expect(first.code).toBe(1);
    const [runId] = readdirSync(path.join(dir, "reports"));
    expect(first.stderr).toMatch(
      new RegExp(
        `^tunebench: stopped at the budget: \\$[\\d.]+ of \\$[\\d.]+ spent, \\d+ of 240 trials not run; go on with --resume ${runId} --max-cost <more>\\n$`,
      ),
    );
    const stopped = await loadRun(path.join(dir, "reports", runId as string));
    const spent = stopped.trials.reduce((sum, t) => sum + (t.cost.total ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(budget);
    expect(spent).toBeGreaterThan(budget * 0.5);
    expect(stopped.trials.length).toBeLessThan(240);
    // Every call that was sent was recorded: nothing held back was paid for.
    expect(chatRequests()).toBe(stopped.trials.length);

    // A resume's budget below what the run spent already: it says so, rather than "$X of $Y spent".
    const resumeWith = (maxCost: number) =>
      runCli(
        [registerRunCommand],
        [
          "run",
          "-c",
          config,
          "--resume",
          runId as string,
          "--max-cost",
          String(maxCost),
          "--reporter",
          "json",
        ],
      );
    const below = await resumeWith(spent / 2);
    expect(below.code).toBe(1);
    expect(below.stderr).toMatch(
      new RegExp(
        `^tunebench: stopped at the budget: the run had spent \\$[\\d.]+ before this resume, more than --max-cost \\$[\\d.]+ \\(it covers the whole run\\), \\d+ of 240 trials not run; go on with --resume ${runId} --max-cost <more>\\n$`,
      ),
    );
    expect(chatRequests()).toBe(stopped.trials.length);

    const resumed = await resumeWith(cost * 2);
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    const whole = await loadRun(path.join(dir, "reports", runId as string));
    expect(whole.trials).toHaveLength(240);
    expect(chatRequests()).toBe(240);
  });

  it("counts calls in flight: with many at once it still stays under", async () => {
    const sim = await simulator.start({ latencyMs: 30 });
    const dir = generatedProject(
      simConfig(sim.url, "run: { concurrency: 16, cache: false, maxCost: 0.0004 }\n"),
      60,
    );
    const result = await runSuites({ config: path.join(dir, "eval.config.yaml") });
    expect(result.budget?.stopped).toBe(true);
    const run = await loadRun(result.dir);
    expect(run.trials.reduce((sum, t) => sum + (t.cost.total ?? 0), 0)).toBeLessThanOrEqual(0.0004);
    expect(result.budget?.spent).toBeLessThanOrEqual(0.0004);
    expect(run.trials.length).toBeGreaterThan(0);
  });

  it("bad budgets and unpriced models: one line, exit 2, nothing written", async () => {
    const dir = await project();
    const config = path.join(dir, "eval.config.yaml");
    // Flags are checked by the CLI's own parser: the built CLI, as users run it.
    for (const value of ["-1", "abc", "0", "", "0x10", "Infinity"]) {
      const cli = await runBuiltCli(["run", "-c", config, "--max-cost", value]);
      expect(cli.code, value).toBe(2);
      expect(cli.stderr).toMatch(/--max-cost expects US dollars above 0/);
    }
    const unpriced = path.join(dir, "unpriced.yaml");
    cpSync(config, unpriced);
    const { writeFileSync, readFileSync } = await import("node:fs");
    writeFileSync(
      unpriced,
      readFileSync(config, "utf8").replaceAll("model: sim-base", "model: mystery-model"),
    );
    const cli = await runCli([registerRunCommand], ["run", "-c", unpriced, "--max-cost", "1"]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(
      'tunebench: --max-cost: strategy "baseline" calls mystery-model, which has no price; add it under prices: in the config\n',
    );
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
    expect(chatRequests()).toBe(0);
  });
});
