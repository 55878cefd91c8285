// `--max-cost` keeps room for every call a trial's scorers make, not only its judge's: the API
// embedder of `expect.similar` and the agreement judge (matching a recorded model's answers). The
// budget is set so the trial it stops at would fit by its own call, not with its scorer's: a budget
// that left that scorer out would let the trial through and spend past it.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { recordSnapshot, runSuites } from "../../src/run/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig, TRIAGE_SUITE, writeProject } from "../helpers/project.js";
import { spentByLine, totalSpent } from "../helpers/spent.js";
import { generatedSuite } from "../reliability/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

/** ~300 tokens the `similar` check compares every answer with (the embedding's cost is mostly this). */
const LONG = "A billing or bug or account ticket, classified as JSON with its category. ".repeat(20);

/**
 * Runs `strategies` once without a budget, one call at a time, then again under a budget that
 * covers the lines before the middle scored trial, that trial's call, and half its scoring.
 */
async function stopsWithinBudget(config: string, strategies: string[]) {
  const full = await runSuites({ config, strategies, cache: false, onWarning: () => {} });
  const lines = spentByLine(full.dir);
  const scored = lines.flatMap((l, i) => (l.scoring > 0 ? [i] : []));
  expect(scored.length).toBeGreaterThan(2);
  const k = scored[Math.floor(scored.length / 2)] as number;
  const before = lines.slice(0, k).reduce((sum, l) => sum + l.call + l.scoring, 0);
  const at = lines[k] as { call: number; scoring: number };
  // The scorer's calls are what the budget is about here: far more than the answer's bound leaves.
  expect(at.scoring).toBeGreaterThan(100 * at.call);
  const budget = before + at.call + at.scoring / 2;

  const run = await runSuites({ config, strategies, cache: false, maxCost: budget, onWarning: () => {} });
  expect(run.budget?.stopped).toBe(true);
  const spent = totalSpent(run.dir);
  expect(spent).toBeLessThanOrEqual(budget);
  expect(spent).toBeGreaterThan(0);
  expect(run.budget?.spent).toBeCloseTo(spent, 10);
}

describe("--max-cost keeps room for scorers' calls", () => {
  it("an API embedder of `expect.similar`", { timeout: 60_000 }, async () => {
    sim = await startSimulator({ port: 0 });
    const suite = generatedSuite(8).replace(
      /expect: \{ json: \{ category: \w+ \} \}/g,
      `expect: { similar: { to: "${LONG}", min: 0.1 } }`,
    );
    const dir = writeProject({
      "eval.config.yaml": simConfig(
        sim.url,
        `similarity: { embedding: { endpoint: s, model: sim-embed } }
prices: { sim-embed: { input: 1000, output: 0 } }
run: { concurrency: 1 }
`,
      ),
      "suites/gen.yaml": suite,
    });
    await stopsWithinBudget(path.join(dir, "eval.config.yaml"), ["baseline", "prompt"]);
  });

  it("the agreement judge matching answers against a recorded model's", { timeout: 60_000 }, async () => {
    sim = await startSimulator({ port: 0 });
    const dir = writeProject({
      "eval.config.yaml": simConfig(
        sim.url,
        `  frozen: { type: recorded, snapshot: frozen }
agreement: { mode: judge }
prices: { sim-judge: { input: 1000, output: 1000 } }
run: { concurrency: 1 }
`,
      ),
      "suites/triage.yaml": TRIAGE_SUITE,
      "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded.\n",
    });
    const config = path.join(dir, "eval.config.yaml");
    const loaded = await loadConfig(config);
    const recorded = await runSuites({ config: loaded, strategies: ["baseline"], cache: false });
    await recordSnapshot({ loaded, run: recorded.dir, strategy: "baseline", name: "frozen" });
    await stopsWithinBudget(config, ["frozen", "prompt", "baseline"]);
  });
});
