// `--max-cost` and the response cache: an answer the cache holds is not sent and costs nothing, so
// it needs no room in the budget. A budget smaller than one call still finishes a cached run, and
// a run that is partly cached spends its budget on the calls it really sends.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { loadRun } from "../../src/index.js";
import { runSuites } from "../../src/run/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig } from "../helpers/project.js";
import { generatedProject } from "../reliability/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;

describe("--max-cost with the response cache", () => {
  it("a run the cache answers whole finishes under a budget smaller than one call", {
    timeout: 30_000,
  }, async () => {
    sim = await startSimulator({ port: 0 });
    const dir = generatedProject(simConfig(sim.url, "run: { concurrency: 4 }\n"), 20);
    const config = path.join(dir, "eval.config.yaml");
    const filled = await runCli([registerRunCommand], ["run", "-c", config, "--reporter", "json"]);
    expect(chatRequests()).toBe(40);
    const runsDir = path.join(dir, "reports");
    const [first] = readdirSync(runsDir);

    const cached = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--max-cost", "0.000001", "--reporter", "json"],
    );
    expect(cached.stderr).not.toMatch(/stopped at the budget/);
    expect(cached.code).toBe(filled.code); // its gates decide, as they did for the first run
    expect(chatRequests()).toBe(40); // nothing sent
    // Not by name order: two runs started in one second sort by their ids' random part.
    const second = readdirSync(runsDir).find((id) => id !== first);
    const run = await loadRun(path.join(runsDir, second as string));
    expect(run.trials).toHaveLength(40);
    expect(run.trials.every((t) => t.cached)).toBe(true);
  });

  it("calls it sends still stop at the budget, cached answers beside them", { timeout: 30_000 }, async () => {
    sim = await startSimulator({ port: 0, latencyMs: 10 });
    const dir = generatedProject(simConfig(sim.url, "run: { concurrency: 4 }\n"), 20);
    const config = path.join(dir, "eval.config.yaml");
    // What the baseline's 20 calls cost (--no-cache neither reads nor writes the cache).
    const alone = await runSuites({ config, strategies: ["baseline"], cache: false });
    const cost = (await loadRun(alone.dir)).trials.reduce((sum, t) => sum + (t.cost.total ?? 0), 0);
    // The prompt strategy's answers go into the cache.
    await runSuites({ config, strategies: ["prompt"] });
    const sent = chatRequests();

    const result = await runSuites({ config, maxCost: cost / 2 });
    expect(result.budget?.stopped).toBe(true);
    expect(result.budget?.spent).toBeLessThanOrEqual(cost / 2);
    const run = await loadRun(result.dir);
    const answered = run.trials.filter((t) => !t.cached);
    expect(new Set(answered.map((t) => t.strategy))).toEqual(new Set(["baseline"]));
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.length).toBeLessThan(20);
    // Every call sent was recorded (none held back was sent); the cache's answers are in the log too.
    expect(chatRequests() - sent).toBe(answered.length);
    expect(run.trials.some((t) => t.cached && t.strategy === "prompt")).toBe(true);
  });
});
