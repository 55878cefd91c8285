import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRun, type Reporter, runSuites, type TrialRecord } from "../../src/index.js";
import { basicProject } from "../helpers/project.js";
import { runAndSummarize } from "../helpers/run.js";

describe("runSuites against the in-process simulator", () => {
  it("runs every case × available strategy, writes the log and the summary", async () => {
    const dir = basicProject();
    const seen: TrialRecord[] = [];
    let ended: { done: number; total: number } | null = null;
    const probe: Reporter = {
      onTrial: (t) => {
        seen.push(t);
      },
      onRunEnd: (info) => {
        ended = info;
      },
    };
    const result = await runAndSummarize({
      config: path.join(dir, "eval.config.yaml"),
      reporters: [probe],
      sim: { latencyMs: 15 },
      concurrency: 4,
    });
    // 5 cases × 3 strategies (tuned has no model yet: skipped, and said so)
    expect(seen).toHaveLength(15);
    expect(result.header.strategies.find((s) => s.name === "tuned")?.unavailable).toMatch(/no tuned model/);
    expect(result.header.simulated).toBe(true);

    const log = await loadRun(result.dir);
    expect(log.trials).toHaveLength(15);
    expect(log.header?.runId).toBe(result.runId);
    for (const t of log.trials) {
      expect(t.error).toBeNull();
      expect(t.usage?.promptTokens).toBeGreaterThan(0);
      expect(t.messages.length).toBeGreaterThanOrEqual(2);
      expect(t.latencyMs).toBeGreaterThanOrEqual(14);
    }
    // concurrency > 1: some calls were in flight at the same time
    const spans = log.trials.map((t) => [
      Date.parse(t.startedAt),
      Date.parse(t.startedAt) + (t.latencyMs ?? 0),
    ]);
    const overlapping = spans.map(
      ([start]) => spans.filter(([s, e]) => (s ?? 0) <= (start ?? 0) && (start ?? 0) < (e ?? 0)).length,
    );
    expect(Math.max(...overlapping)).toBeGreaterThan(1);
    expect(Math.max(...overlapping)).toBeLessThanOrEqual(5);

    expect(ended).toMatchObject({ done: 15, total: 15 });
    expect(result.recorded).toBe(15);
    const { summary } = result;
    const byStrategy = Object.fromEntries(summary.groups.map((g) => [g.strategy, g]));
    expect(Object.keys(byStrategy).sort()).toEqual(["baseline", "prompt", "retrieval"]);
    // Few-shot examples teach the simulated model the JSON format and the categories.
    expect(byStrategy.prompt?.pass.rate).toBeGreaterThan(byStrategy.baseline?.pass.rate ?? 1);
    expect(byStrategy.prompt?.format?.rate).toBe(1);
    // With nothing relevant in context the base model refuses the out-of-domain probe.
    expect(byStrategy.prompt?.hallucination?.rate).toBe(0);
    expect(byStrategy.prompt?.cost.perCall).toBeGreaterThan(0);
    expect(byStrategy.prompt?.tokensIn.mean).toBeGreaterThan(byStrategy.baseline?.tokensIn.mean ?? Infinity);
  });

  it("runs only the suites and strategies asked for", async () => {
    const dir = basicProject();
    const result = await runAndSummarize({
      config: path.join(dir, "eval.config.yaml"),
      strategies: ["prompt"],
    });
    expect(result.summary.groups.map((g) => g.strategy)).toEqual(["prompt"]);
    await expect(
      runSuites({ config: path.join(dir, "eval.config.yaml"), strategies: ["nope"] }),
    ).rejects.toThrow(/unknown strategy 'nope'/);
  });
});
