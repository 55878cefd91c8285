// `--max-cost` and a snapshot replay (`recorded`): the replayed answers cost nothing now, but a judged
// suite's judge grades each of them, and those calls are admitted before they are made (as a cached
// answer's are), on the synchronous and the batch path: a budget smaller than the replay's judging
// stops the run within it.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { loadConfig } from "../../src/config/index.js";
import { recordSnapshot, runSuites } from "../../src/run/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig, writeProject } from "../helpers/project.js";
import { simulatorPerTest } from "../helpers/sim.js";
import { totalSpent } from "../helpers/spent.js";
import { generatedSuite } from "../reliability/project.js";

const simulator = simulatorPerTest();
const { chatRequests } = simulator;

/** A judged suite and a snapshot of its baseline answers, replayed by the `frozen` strategy. */
async function replayProject() {
  const sim = await simulator.start({ batchSeconds: 0.3 });
  const dir = writeProject({
    "eval.config.yaml": simConfig(
      sim.url,
      `  frozen: { type: recorded, snapshot: frozen }
prices: { sim-judge: { input: 1000, output: 1000 } }
run: { concurrency: 4, cache: false }
`,
    ),
    "suites/gen.yaml": `${generatedSuite(8)}judge: { rubric: "Is the category right?", endpoint: s, model: sim-judge }\n`,
  });
  const config = path.join(dir, "eval.config.yaml");
  const loaded = await loadConfig(config);
  const recorded = await runSuites({ config: loaded, strategies: ["baseline"] });
  await recordSnapshot({ loaded, run: recorded.dir, strategy: "baseline", name: "frozen" });
  // What judging the replay costs: the replay's answers are free, its judge's calls are not.
  const full = await runSuites({ config, strategies: ["frozen"] });
  const judging = totalSpent(full.dir);
  expect(judging).toBeGreaterThan(0);
  return { config, budget: judging / 2 };
}

describe("--max-cost with a snapshot replay's judge", () => {
  it("admits the replay's judge calls before they are made: stops within the budget and says so", {
    timeout: 60_000,
  }, async () => {
    const { config, budget } = await replayProject();
    const run = await runSuites({ config, strategies: ["frozen"], maxCost: budget });
    expect(totalSpent(run.dir)).toBeLessThanOrEqual(budget);
    expect(run.budget?.stopped).toBe(true);
    expect(totalSpent(run.dir)).toBeGreaterThan(0);
    expect(run.budget?.spent).toBeCloseTo(totalSpent(run.dir), 10);
    expect(run.done).toBeLessThan(run.total);

    const sent = chatRequests();
    const cli = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--strategy", "frozen", "--max-cost", String(budget)],
    );
    expect(cli.code).toBe(1);
    expect(cli.stderr + cli.stdout).toMatch(/stopped at the budget: \$[\d.]+ of \$[\d.]+ spent/);
    expect(chatRequests() - sent).toBeGreaterThan(0);
  });

  it("the same with --batch: the replay is not batched, its judge calls are admitted first", {
    timeout: 60_000,
  }, async () => {
    const { config, budget } = await replayProject();
    const run = await runSuites({ config, strategies: ["frozen"], maxCost: budget, batch: true });
    expect(totalSpent(run.dir)).toBeLessThanOrEqual(budget);
    expect(run.budget?.stopped).toBe(true);
    expect(totalSpent(run.dir)).toBeGreaterThan(0);
    expect(run.budget?.spent).toBeCloseTo(totalSpent(run.dir), 10);
    expect(run.done).toBeLessThan(run.total);
  });
});
