import path from "node:path";
import { describe, expect, it } from "vitest";
import type { GroupSummary } from "../../src/analysis/index.js";
import { loadRun, type TrialRecord, trialKey } from "../../src/runlog/index.js";
import { runAndSummarize } from "../helpers/run.js";
import { generatedProject } from "./project.js";

// 125 cases × 2 strategies × repeat 4 = 1,000 trials on the built-in simulator.
function config(faults: string, maxRetries: number): string {
  return `suites: [suites/*.yaml]
strategies:
  baseline: { endpoint: sim }
  prompt: { endpoint: sim, shots: 2 }
run: { concurrency: 16, repeat: 4, maxRetries: ${maxRetries}, cache: false }
sim: { latencyMs: 0${faults ? `, faults: ${faults}` : ""} }
`;
}

async function run(
  faults: string,
  maxRetries: number,
): Promise<{ result: Awaited<ReturnType<typeof runAndSummarize>>; trials: TrialRecord[] }> {
  const dir = generatedProject(config(faults, maxRetries), 125);
  const result = await runAndSummarize({ config: path.join(dir, "eval.config.yaml") });
  return { result, trials: (await loadRun(result.dir)).trials };
}

const FAULTS = "{ rate429: 0.1, rate5xx: 0.05, rateReset: 0.02, retryAfterSeconds: 0 }";

describe("a run under injected faults", () => {
  it("records every trial and scores exactly as a fault-free run", async () => {
    const clean = await run("", 2);
    const faulty = await run(FAULTS, 8);
    expect(clean.trials).toHaveLength(1000);
    expect(faulty.trials).toHaveLength(1000);
    expect(new Set(faulty.trials.map(trialKey)).size).toBe(1000);
    expect(clean.result.summary.totals.errors).toBe(0);
    expect(faulty.result.summary.totals.errors).toBe(0);

    // The faults happened and were retried away.
    const calls = faulty.result.calls.sim;
    expect(calls?.rateLimited).toBeGreaterThan(50);
    expect(calls?.retries).toBeGreaterThan(100);
    expect(calls?.attempts).toBe(1000 + (calls?.retries ?? 0));
    expect(clean.result.calls.sim?.retries).toBe(0);

    const verdicts = (trials: TrialRecord[]) =>
      Object.fromEntries(trials.map((t) => [trialKey(t), { verdict: t.verdict, output: t.output }]));
    expect(verdicts(faulty.trials)).toEqual(verdicts(clean.trials));
    const rates = (r: { summary: { groups: GroupSummary[] } }) =>
      r.summary.groups.map((g) => ({
        strategy: g.strategy,
        pass: g.pass,
        format: g.format,
        halluc: g.hallucination,
      }));
    expect(rates(faulty.result)).toEqual(rates(clean.result));
  }, 60_000);

  it("records calls that still fail as errors, never as model failures", async () => {
    const { result, trials } = await run(
      "{ rate429: 0.1, rate5xx: 0.05, rateReset: 0.02, rateTruncate: 0.02, retryAfterSeconds: 0 }",
      0,
    );
    expect(trials).toHaveLength(1000);
    const failed = trials.filter((t) => t.error);
    // ~19 % of single attempts fail; nothing is retried with maxRetries 0.
    expect(failed.length).toBeGreaterThan(100);
    expect(failed.length).toBeLessThan(300);
    expect(new Set(failed.map((t) => t.error?.kind))).toEqual(
      new Set(["rate_limit", "server", "connection"]),
    );
    for (const t of failed) {
      expect(t.verdict).toBeNull();
      expect(t.scores).toEqual([]);
      expect(t.output).toBeNull();
      expect(t.error).toMatchObject({ retryable: true, attempts: 1 });
      expect(t.cost.total).toBe(0);
    }
    expect(result.summary.totals.errors).toBe(failed.length);
    for (const g of result.summary.groups) {
      const mine = trials.filter((t) => t.strategy === g.strategy);
      expect(g.errors).toBe(mine.filter((t) => t.error).length);
      // Pass rates are over answered trials only.
      expect(g.pass.n).toBe(g.trials - g.errors);
    }
  }, 60_000);
});
