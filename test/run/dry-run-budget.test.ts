// `run --dry-run --max-cost`: what it says of the budget is what the run then does. The run admits
// a call only while the most it may cost still fits, so a budget just above the estimate stops it.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { estimateRun } from "../../src/run/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig } from "../helpers/project.js";
import { generatedProject } from "../reliability/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
  process.exitCode = undefined;
});

const budgetLine = (stdout: string) => stdout.split("\n").find((line) => line.startsWith("Budget ")) ?? "";

describe("run --dry-run --max-cost", () => {
  it("does not call a budget that the run stops at 'fits': it names the room one call needs", async () => {
    sim = await startSimulator({ port: 0 });
    const dir = generatedProject(simConfig(sim.url, "run: { concurrency: 1, cache: false }\n"), 20);
    const config = path.join(dir, "eval.config.yaml");
    const estimate = await estimateRun({ config });
    const cost = estimate.rows.reduce((sum, r) => sum + (r.cost ?? 0), 0);
    const budget = String(cost * 1.05);

    const dry = await runCli([registerRunCommand], ["run", "-c", config, "--dry-run", "--max-cost", budget]);
    const run = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--max-cost", budget, "--reporter", "json"],
    );
    expect(run.code).toBe(1); // the run stops short: its last calls' room is not there
    expect(run.stderr).toMatch(/^tunebench: stopped at the budget/);
    expect(budgetLine(dry.stdout)).toMatch(
      /^Budget \$[\d.]+: the run would stop after about \d+ of 40 trials \(it starts a trial only while the most it may cost, up to \$[\d.]+ there, fits; set maxTokens to lower that\)\.$/,
    );
  });

  it("says a budget fits when it leaves room for the dearest call, and the run then finishes", async () => {
    sim = await startSimulator({ port: 0 });
    const dir = generatedProject(simConfig(sim.url, "run: { concurrency: 1, cache: false }\n"), 20);
    const config = path.join(dir, "eval.config.yaml");
    const dry = await runCli([registerRunCommand], ["run", "-c", config, "--dry-run", "--max-cost", "0.05"]);
    expect(budgetLine(dry.stdout)).toBe("Budget $0.0500: the estimate fits.");
    const run = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--max-cost", "0.05", "--reporter", "json"],
    );
    expect(run.code).toBe(0);
  });

  it("--batch: says the run submits only the trials whose bounds fit, as the run then does", async () => {
    // A batch's trials are admitted at their bound when submitted and settle only when collected,
    // so a budget the estimate fits twice over still stops a batch run: the verdict says so.
    sim = await startSimulator({ port: 0, batchSeconds: 0.3 });
    const dir = generatedProject(simConfig(sim.url, "run: { cache: false }\n"), 20);
    const config = path.join(dir, "eval.config.yaml");
    const estimate = await estimateRun({ config, batch: true });
    const budget = String(estimate.rows.reduce((sum, r) => sum + (r.cost ?? 0), 0) * 2);
    const dry = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--dry-run", "--batch", "--max-cost", budget],
    );
    const said =
      /^Budget \$[\d.]+: with --batch the run would submit about (\d+) of 40 trials \(it admits each at the most it may cost, up to \$[\d.]+ there, as it submits it, and counts what it spent only once its batch is collected; set maxTokens to lower that, or resume the run with the same budget to submit more\)\.$/.exec(
        budgetLine(dry.stdout),
      );
    expect(budgetLine(dry.stdout)).toMatch(/with --batch/);
    const run = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--batch", "--max-cost", budget, "--reporter", "json"],
    );
    expect(run.code).toBe(1);
    const stopped = /stopped at the budget: .*, (\d+) of 40 trials not run/.exec(run.stderr);
    expect(stopped).not.toBeNull();
    const ran = 40 - Number(stopped?.[1]);
    expect(Math.abs(Number(said?.[1]) - ran)).toBeLessThanOrEqual(2);
  });
});
