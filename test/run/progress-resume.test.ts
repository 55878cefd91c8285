// The progress line after `run --resume` counts the whole run: its done count, its errors and its
// "$ spent" (the trials recorded before the resume and the new ones, the figure the budget counts).
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
/** Progress lines written into `written`, one each trial. */
const progressInto = (written: string[]) =>
  new ProgressLines({ write: (text: string) => written.push(text) } as unknown as NodeJS.WritableStream, {
    quietMs: 0,
    minGapMs: 0,
  });
afterEach(async () => {
  await sim?.close();
  sim = null;
});

/** Leaves a run's log as a kill after `trials` trials would: its header and their lines. */
function killedAfter(dir: string, trials: number): void {
  const file = path.join(dir, "trials.jsonl");
  const lines = readFileSync(file, "utf8").split("\n");
  writeFileSync(file, `${lines.slice(0, trials + 1).join("\n")}\n`);
}

describe("progress lines of a resumed run", () => {
  it("say what the whole run spent, as the budget counts it", { timeout: 30_000 }, async () => {
    sim = await startSimulator({ port: 0 });
    // A price that makes every call show in four decimals.
    const rest = "run: { concurrency: 2, cache: false }\nprices: { sim-base: { input: 100, output: 100 } }\n";
    const dir = generatedProject(simConfig(sim.url, rest), 10);
    const config = path.join(dir, "eval.config.yaml");
    const first = await runSuites({ config });
    // Killed after 12 of its 20 trials: the header and 12 trial lines are left.
    killedAfter(first.dir, 12);

    const written: string[] = [];
    const resumed = await runSuites({
      config,
      resume: first.dir,
      maxCost: 100,
      reporters: [progressInto(written)],
    });
    expect(resumed.recorded).toBe(8);
    const run = await loadRun(first.dir);
    const whole = run.trials.reduce((sum, t) => sum + (t.cost.total ?? 0), 0);
    expect(whole).toBeGreaterThan(0.01);
    expect(written.at(-1)).toMatch(/^progress: 20\/20 trials \(100%\), 0 errors, /);
    expect(written.at(-1)).toContain(`$${whole.toFixed(4)} spent`);
    expect(resumed.budget?.spent).toBeCloseTo(whole, 10);
  });
  it("count the errors recorded before the resume", { timeout: 30_000 }, async () => {
    // Half the calls fail and nothing retries them; one worker, so the failures are the same each time.
    sim = await startSimulator({ port: 0, faults: { rate5xx: 0.5 } });
    const port = Number(new URL(sim.url).port);
    const rest = "run: { concurrency: 1, cache: false, maxRetries: 0 }\n";
    const dir = generatedProject(simConfig(sim.url, rest), 10);
    const config = path.join(dir, "eval.config.yaml");
    const first = await runSuites({ config });
    // Killed after 12 of its 20 trials; the endpoint recovers at the same address.
    killedAfter(first.dir, 12);
    const before = (await loadRun(first.dir)).trials.filter((t) => t.error).length;
    expect(before).toBeGreaterThan(0);
    await sim.close();
    sim = await startSimulator({ port });

    const written: string[] = [];
    const resumed = await runSuites({ config, resume: first.dir, reporters: [progressInto(written)] });
    expect(resumed.recorded).toBe(8);
    const errors = (await loadRun(first.dir)).trials.filter((t) => t.error).length;
    expect(errors).toBe(before); // the 8 new trials all answered
    expect(written.at(-1)).toMatch(new RegExp(`^progress: 20/20 trials \\(100%\\), ${errors} errors?, `));

    // With --retry-errors they are sent again: answered now, none is left to count.
    written.length = 0;
    const retried = await runSuites({
      config,
      resume: first.dir,
      retryErrors: true,
      reporters: [progressInto(written)],
    });
    expect(retried.recorded).toBe(errors);
    expect(written.at(-1)).toMatch(/^progress: 20\/20 trials \(100%\), 0 errors, /);
  });
});
