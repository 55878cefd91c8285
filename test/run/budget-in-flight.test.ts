// `--max-cost` counts calls in flight at the most they may cost, but a trial that does not fit
// only because of them waits for them to finish: a budget the run fits in lets it finish, at any
// concurrency, instead of stopping at a fraction of what it may spend.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadRun } from "../../src/index.js";
import { estimateRun, runSuites } from "../../src/run/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { builtInRoutes } from "../../src/sim/routes/index.js";
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

  it("Ctrl-C: a trial waiting for room sends nothing", async () => {
    // Calls take 800 ms; the budget makes trials wait for the first 16 to finish. Each call's
    // arrival is noted when it reaches the simulator (before its latency).
    const chat = builtInRoutes().find((r) => r.method === "POST" && r.path === "/v1/chat/completions");
    if (!chat) throw new Error("no chat route");
    const arrivals: number[] = [];
    const latencyMs = 800;
    sim = await startSimulator({
      port: 0,
      latencyMs,
      routes: [
        {
          ...chat,
          handle: (req, ctx) => {
            arrivals.push(Date.now() - latencyMs);
            return chat.handle(req, ctx);
          },
        },
      ],
    });
    const dir = generatedProject(simConfig(sim.url, "run: { concurrency: 16, cache: false }\n"), 40);
    const config = path.join(dir, "eval.config.yaml");
    const estimate = (await estimateRun({ config })).rows.reduce((sum, r) => sum + (r.cost ?? 0), 0);
    const interrupt = new AbortController();
    let abortedAt = 0;
    const result = await runSuites({
      config,
      maxCost: estimate * 1.25,
      signal: interrupt.signal,
      reporters: [
        {
          onTrial: () => {
            if (abortedAt) return;
            abortedAt = Date.now();
            interrupt.abort();
          },
        },
      ],
    });
    expect(result.interrupted).toBe(true);
    // The budget lets some calls go at once (not 16: each counts at its bound) and holds the rest.
    expect(arrivals.filter((t) => t < abortedAt).length).toBeGreaterThan(0);
    expect(result.done).toBeLessThan(16);
    // Before: the waiting trials were sent once the first calls finished, ~800 ms after Ctrl-C.
    expect(arrivals.filter((t) => t > abortedAt + latencyMs / 2)).toEqual([]);
  });
});
