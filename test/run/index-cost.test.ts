// Building a retrieval index with an API embedder spends tokens outside any trial: the run log
// records them, the summary counts them in what the run spent, and a reused index costs nothing.
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { summarizeRun } from "../../src/analysis/index.js";
import { costOfTokens, priceFor } from "../../src/model/index.js";
import { forgetRetrievalIndexes } from "../../src/retrieval/index.js";
import { rescoreRun, runSuites } from "../../src/run/index.js";
import { loadRun } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { TRIAGE_SUITE, writeProject } from "../helpers/project.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  forgetRetrievalIndexes();
  await sim?.close();
  sim = undefined;
});

const MODEL = "sim-embed";

// A simulator of its own: its address is part of the index's identity, so it must stay the same.
function project(url: string): string {
  return writeProject({
    "eval.config.yaml": `suites: [suites/*.yaml]
endpoints: { s: { baseURL: "${url}" } }
strategies:
  retrieval: { endpoint: s, model: sim-base, embedding: { endpoint: s, model: ${MODEL} }, topK: 2 }
run: { concurrency: 2, cache: false }
`,
    "suites/triage.yaml": TRIAGE_SUITE,
    "suites/notes/billing.md": `# Billing\n\n${"Duplicate charges are refunded within 5 business days. ".repeat(40)}\n`,
    "suites/notes/bugs.md": `# Bugs\n\n${"Crashes on the settings page are fixed in version 2.3. ".repeat(40)}\n`,
  });
}

describe("the retrieval index build", () => {
  it("is recorded in the run log and counted in what the run spent; a reused index costs nothing", async () => {
    sim = await startSimulator({ port: 0 });
    const dir = project(sim.url);
    const config = path.join(dir, "eval.config.yaml");
    const first = await runSuites({ config });
    const log = await loadRun(first.dir);
    expect(log.indexBuilds).toHaveLength(1);
    const [build] = log.indexBuilds;
    expect(build).toMatchObject({
      schema: "tunebench.index/1",
      runId: first.runId,
      suite: "triage",
      strategy: "retrieval",
      embeddingModel: MODEL,
    });
    // The notes repeat one sentence: chunks with the same text are embedded (and charged) once.
    expect(build?.tokens).toBeGreaterThan(300);
    const price = priceFor(MODEL, {});
    expect(build?.cost).toBeCloseTo(costOfTokens(build?.tokens ?? 0, price?.input ?? 0) ?? Number.NaN, 12);

    const summary = await summarizeRun(first.dir);
    expect(summary.totals.indexing).toEqual({ builds: 1, tokens: build?.tokens, cost: build?.cost });
    const trialCost = log.trials.reduce((sum, t) => sum + (t.cost.total ?? 0), 0);
    expect(summary.totals.cost).toBeCloseTo(trialCost + (build?.cost ?? 0), 12);

    // A re-scored copy of the run spent what the run spent.
    const rescored = await rescoreRun({ run: first.dir, config });
    expect((await loadRun(rescored.dir)).indexBuilds).toEqual([{ ...build, runId: rescored.runId }]);

    // The same notes again: the index is reused (in this process, then from disk) and nothing is charged.
    const again = await runSuites({ config });
    forgetRetrievalIndexes();
    const fromDisk = await runSuites({ config });
    for (const run of [again, fromDisk]) {
      expect((await loadRun(run.dir)).indexBuilds).toEqual([]);
      expect((await summarizeRun(run.dir)).totals.indexing).toEqual({ builds: 0, tokens: 0, cost: 0 });
    }
  }, 60_000);
});
