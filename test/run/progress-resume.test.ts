// The progress line's "$ spent" after `run --resume`: the whole run's spend (the trials recorded
// before the resume and the new ones), the figure the budget counts, not this invocation's alone.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadRun } from "../../src/index.js";
import { ProgressLines } from "../../src/report/index.js";
import { runSuites } from "../../src/run/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig } from "../helpers/project.js";
import { generatedProject } from "../reliability/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

describe("progress lines of a resumed run", () => {
  it("say what the whole run spent, as the budget counts it", { timeout: 30_000 }, async () => {
    sim = await startSimulator({ port: 0 });
    // A price that makes every call show in four decimals.
    const rest = "run: { concurrency: 2, cache: false }\nprices: { sim-base: { input: 100, output: 100 } }\n";
    const dir = generatedProject(simConfig(sim.url, rest), 10);
    const config = path.join(dir, "eval.config.yaml");
    const first = await runSuites({ config });
    // Killed after 12 of its 20 trials: the header and 12 trial lines are left.
    const file = path.join(first.dir, "trials.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    writeFileSync(file, `${lines.slice(0, 13).join("\n")}\n`);

    const written: string[] = [];
    const out = { write: (text: string) => written.push(text) } as unknown as NodeJS.WritableStream;
    const progress = new ProgressLines(out, { quietMs: 0, minGapMs: 0 });
    const resumed = await runSuites({ config, resume: first.dir, maxCost: 100, reporters: [progress] });
    expect(resumed.recorded).toBe(8);
    const run = await loadRun(first.dir);
    const whole = run.trials.reduce((sum, t) => sum + (t.cost.total ?? 0), 0);
    expect(whole).toBeGreaterThan(0.01);
    expect(written.at(-1)).toMatch(/^progress: 20\/20 trials \(100%\), 0 errors, /);
    expect(written.at(-1)).toContain(`$${whole.toFixed(4)} spent`);
    expect(resumed.budget?.spent).toBeCloseTo(whole, 10);
  });
});
