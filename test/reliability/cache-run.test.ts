import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadRun } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig, writeProject } from "../helpers/project.js";
import { runAndSummarize } from "../helpers/run.js";
import { generatedSuite } from "./project.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;

async function project(extraCases = "") {
  sim = await startSimulator({ port: 0 });
  const dir = writeProject({
    "eval.config.yaml": simConfig(
      sim.url,
      `prices:
  sim-base: { input: 1, output: 2 }
run: { concurrency: 4, repeat: 2 }
`,
    ),
    "suites/gen.yaml": generatedSuite(10) + extraCases,
  });
  return path.join(dir, "eval.config.yaml");
}

describe("the response cache in a run", () => {
  it("sends each repeat once, then answers a second run from the cache with its cost saved", async () => {
    const config = await project();
    const first = await runAndSummarize({ config });
    const trials = 10 * 2 * 2;
    expect(chatRequests()).toBe(trials); // --repeat uses distinct slots
    expect(first.summary.totals.cost).toBeGreaterThan(0);
    expect(first.calls.s?.cache).toMatchObject({ hits: 0, misses: trials, writes: trials });

    const second = await runAndSummarize({ config });
    expect(chatRequests()).toBe(trials);
    const log = await loadRun(second.dir);
    expect(log.trials.every((t) => t.cached)).toBe(true);
    expect(second.summary.totals.cost).toBe(0);
    for (const g of second.summary.groups) {
      expect(g.cached).toBe(g.trials);
      const before = first.summary.groups.find((f) => f.strategy === g.strategy);
      expect(g.cost.saved).toBeCloseTo(before?.cost.total ?? -1, 10);
      expect(g.pass).toEqual(before?.pass);
    }

    // --no-cache: everything is sent again.
    await runAndSummarize({ config, cache: false });
    expect(chatRequests()).toBe(2 * trials);
  });

  it("sends identical requests inside one run once", async () => {
    // Two cases with the same input get identical requests.
    const config = await project(
      `  - { id: twin-a, input: "same words twice", expect: { contains: x } }
  - { id: twin-b, input: "same words twice", expect: { contains: x } }
`,
    );
    const result = await runAndSummarize({ config, repeat: 1 });
    const trials = 12 * 2;
    expect(result.summary.totals.trials).toBe(trials);
    expect(chatRequests()).toBe(trials - 2); // one twin per strategy shares the other's answer
    const log = await loadRun(result.dir);
    const twins = log.trials.filter((t) => t.caseId.startsWith("twin"));
    expect(twins.filter((t) => t.cached)).toHaveLength(2);
    expect(new Set(twins.filter((t) => t.strategy === "prompt").map((t) => t.output)).size).toBe(1);
  });
});
