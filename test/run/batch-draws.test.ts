// The built-in simulator keeps its batches in the project's .tunebench/sim between runs; the lines
// a batch fails must still be the same in every fresh run, or `run --batch` on it measures chance.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSuites } from "../../src/run/index.js";
import { loadRun } from "../../src/runlog/index.js";
import { writeProject } from "../helpers/project.js";
import { generatedSuite } from "../reliability/project.js";

describe("the built-in simulator's batch failures", () => {
  it("two identical fresh runs fail the same lines", { timeout: 30_000 }, async () => {
    const dir = writeProject({
      "eval.config.yaml": `suites: [suites/*.yaml]
strategies:
  baseline: { endpoint: sim }
run: { cache: false }
sim: { batchSeconds: 0.3, batchFailRate: 0.5 }
`,
      "suites/gen.yaml": generatedSuite(20),
    });
    const config = path.join(dir, "eval.config.yaml");
    const failed = async () => {
      const run = await loadRun((await runSuites({ config, batch: true })).dir);
      return run.trials
        .filter((t) => t.error)
        .map((t) => t.caseId)
        .sort();
    };
    const first = await failed();
    expect(first.length).toBeGreaterThan(3);
    expect(first.length).toBeLessThan(17);
    expect(await failed()).toEqual(first);
    expect(await failed()).toEqual(first);
  });
});
