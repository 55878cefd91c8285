// `--max-cost` and an answer the response cache holds whose judge's grading it does not: the answer
// costs nothing, its judge's calls do, and the budget counts them as they are made (room kept for
// them before the judge is asked), not only when a resume reads the log.
import { appendFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runSuites } from "../../src/run/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig } from "../helpers/project.js";
import { spentByLine, totalSpent } from "../helpers/spent.js";
import { generatedProject } from "../reliability/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;

describe("--max-cost with cached answers and judges", () => {
  it("a judge grading cached answers spends within the budget; once its verdicts are cached too, any budget finishes", {
    timeout: 60_000,
  }, async () => {
    sim = await startSimulator({ port: 0 });
    const dir = generatedProject(simConfig(sim.url, "run: { concurrency: 4 }\n"), 10);
    const config = path.join(dir, "eval.config.yaml");
    // The strategies' answers go into the cache; then the suite gets a judge (its cache keys stay).
    await runSuites({ config });
    appendFileSync(
      path.join(dir, "suites", "gen.yaml"),
      'judge: { rubric: "Is the category right?", endpoint: s, model: sim-judge }\n',
    );
    // What the judge costs on every answer (--no-cache neither reads nor writes the cache).
    const judged = spentByLine((await runSuites({ config, cache: false })).dir);
    const judges = judged.reduce((sum, l) => sum + l.scoring, 0);
    expect(judges).toBeGreaterThan(0);

    const sent = chatRequests();
    const half = await runSuites({ config, maxCost: judges / 2 });
    expect(half.budget?.stopped).toBe(true);
    expect(totalSpent(half.dir)).toBeLessThanOrEqual(judges / 2);
    expect(totalSpent(half.dir)).toBeGreaterThan(0);
    expect(half.budget?.spent).toBeCloseTo(totalSpent(half.dir), 10);
    expect(half.done).toBeLessThan(half.total);
    const trials = spentByLine(half.dir);
    expect(trials.every((t) => t.call === 0)).toBe(true); // every answer came from the cache
    expect(chatRequests() - sent).toBe(trials.filter((t) => t.scoring > 0).length); // judge calls only
    // A cache hit is an answer used: the trials the budget held back read the cache, but used nothing.
    expect(half.calls.s?.cache?.hits).toBe(trials.length);

    // Every verdict cached now: a budget smaller than one judge call finishes, sending nothing.
    await runSuites({ config });
    const before = chatRequests();
    const cached = await runSuites({ config, maxCost: 0.000001 });
    expect(cached.budget?.stopped).toBe(false);
    expect(cached.done).toBe(cached.total);
    expect(totalSpent(cached.dir)).toBe(0);
    expect(chatRequests()).toBe(before);
  });
});
