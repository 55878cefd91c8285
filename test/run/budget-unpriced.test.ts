// A budget over a model without a price: refused before anything is called or written, by the run,
// its dry run and `validate` alike, naming where the budget was set (the flag, or the config's line).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { runCli } from "../helpers/cli.js";
import { simConfig } from "../helpers/project.js";
import { simulatorPerTest } from "../helpers/sim.js";
import { generatedProject } from "../reliability/project.js";

const simulator = simulatorPerTest();
const { chatRequests } = simulator;

const UNPRICED =
  'strategy "baseline" calls mystery-model, which has no price; add it under prices: in the config';

/** Where `maxCost: 1` is written in the config simConfig makes (the temp dir is outside the working tree). */
const atLine = (config: string) => `${config}:6:31`;

async function project(run: string) {
  const sim = await simulator.start();
  const config = simConfig(sim.url, run).replaceAll("model: sim-base", "model: mystery-model");
  const dir = generatedProject(config, 5);
  return { dir, config: path.join(dir, "eval.config.yaml") };
}

describe("a budget over an unpriced model", () => {
  it("run.maxCost in the config: the run names the config's line, not a flag it was not given", async () => {
    const { dir, config } = await project("run: { cache: false, maxCost: 1 }\n");
    const cli = await runCli([registerRunCommand], ["run", "-c", config]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(`${atLine(config)}: run.maxCost: ${UNPRICED}\n`);
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
    expect(chatRequests()).toBe(0);
  });

  it("run.maxCost in the config: validate says so too, as the run would refuse it", async () => {
    const { config } = await project("run: { cache: false, maxCost: 1 }\n");
    const cli = await runCli([registerValidateCommand], ["validate", "-c", config]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(`${atLine(config)}: run.maxCost: ${UNPRICED}\n1 problem in 1 file\n`);
  });

  it("--dry-run --max-cost refuses it as the run does, instead of estimating a run that cannot start", async () => {
    const { dir, config } = await project("run: { cache: false }\n");
    const cli = await runCli([registerRunCommand], ["run", "-c", config, "--dry-run", "--max-cost", "1"]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(`tunebench: --max-cost: ${UNPRICED}\n`);
    expect(cli.stdout).toBe("");
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
  });

  it("a judge whose model has no price is refused as a strategy's would be: its spending counts too", async () => {
    const sim = await simulator.start();
    const dir = generatedProject(simConfig(sim.url, "run: { cache: false }\n"), 3);
    const suite = path.join(dir, "suites", "gen.yaml");
    writeFileSync(
      suite,
      `${readFileSync(suite, "utf8")}judge: { rubric: "Is it right?", model: mystery-judge }\n`,
    );
    const config = path.join(dir, "eval.config.yaml");
    const cli = await runCli([registerRunCommand], ["run", "-c", config, "--max-cost", "1"]);
    expect(cli.stderr).toBe(
      'tunebench: --max-cost: a judge or embedder on endpoint "sim" calls mystery-judge, which has no price; add it under prices: in the config\n',
    );
    expect(cli.code).toBe(2);
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
    expect(chatRequests()).toBe(0);
    // Without a budget the same project runs.
    expect(
      (await runCli([registerRunCommand], ["run", "-c", config, "--reporter", "json"])).stderr,
    ).not.toMatch(/no price/);
  });
});
