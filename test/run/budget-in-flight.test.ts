// `--max-cost` counts calls in flight at the most they may cost, but a trial that does not fit
// only because of them waits for them to finish: a budget the run fits in lets it finish, at any
// concurrency, instead of stopping at a fraction of what it may spend.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadRun } from "../../src/index.js";
import { runSuites } from "../../src/run/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig } from "../helpers/project.js";
import { generatedProject } from "../reliability/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const spentIn = async (dir: string) =>
  (await loadRun(dir)).trials.reduce((sum, t) => sum + (t.cost.total ?? 0), 0);

describe("--max-cost with calls in flight", () => {
  it("finishes a run whose cost fits the budget, though 16 calls at their bound would not", async () => {
    sim = await startSimulator({ port: 0, latencyMs: 20 });
    const dir = generatedProject(simConfig(sim.url, "run: { concurrency: 16, cache: false }\n"), 40);
    const config = path.join(dir, "eval.config.yaml");
    const full = await spentIn((await runSuites({ config })).dir);

    // A quarter above what the run costs: more than one more call's bound (256 output tokens),
    // far less than 16 of them at once.
    const maxCost = full * 1.25;
    const budgeted = await runSuites({ config, maxCost });
    expect(budgeted.budget?.stopped).toBe(false);
    expect(budgeted.done).toBe(80);
    const spent = await spentIn(budgeted.dir);
    expect(spent).toBeCloseTo(full, 10);
    expect(spent).toBeLessThanOrEqual(maxCost);
  });

  it("still stops before the budget, having spent most of it", async () => {
    sim = await startSimulator({ port: 0, latencyMs: 20 });
    const dir = generatedProject(simConfig(sim.url, "run: { concurrency: 16, cache: false }\n"), 40);
    const config = path.join(dir, "eval.config.yaml");
    const full = await spentIn((await runSuites({ config })).dir);

    const maxCost = full / 2;
    const budgeted = await runSuites({ config, maxCost });
    expect(budgeted.budget?.stopped).toBe(true);
    const spent = await spentIn(budgeted.dir);
    expect(spent).toBeLessThanOrEqual(maxCost);
    // Stopped by what one more call may cost, not by 16 of them: over a third of the budget is used.
    expect(spent).toBeGreaterThan(maxCost / 3);
  });
});
