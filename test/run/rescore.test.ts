import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerRescoreCommand } from "../../src/commands/rescore.js";
import { rescoreRun, runSuites } from "../../src/run/index.js";
import { loadRun, type TrialRecord, trialKey } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig, TRIAGE_SUITE, writeProject } from "../helpers/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;

/** What scoring decided, trial by trial: the part of a log that re-scoring rewrites. */
const scoring = (trials: readonly TrialRecord[]) =>
  Object.fromEntries(trials.map((t) => [trialKey(t), { scores: t.scores, verdict: t.verdict }]));
const outputs = (trials: readonly TrialRecord[]) =>
  Object.fromEntries(trials.map((t) => [trialKey(t), { output: t.output, usage: t.usage, cost: t.cost }]));

const SHOUT = `export default (output) => ({ pass: output === output.toUpperCase(), score: 0.5, reason: "all caps?" });\n`;

async function project(rest = "") {
  sim = await startSimulator({ port: 0 });
  return writeProject({
    "eval.config.yaml": simConfig(sim.url, `run: { concurrency: 4, cache: false }\n${rest}`),
    "suites/triage.yaml": TRIAGE_SUITE,
    "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded.\n",
    "scorers/shout.mjs": SHOUT,
  });
}

describe("rescore", () => {
  it("scores the same outputs again, calling no model, and equals a fresh run under the new suite", async () => {
    const dir = await project();
    const config = path.join(dir, "eval.config.yaml");
    const first = await runSuites({ config });
    const original = await loadRun(first.dir);
    const sent = chatRequests();

    // Unchanged suites: the same scores, the same outputs, no call.
    const same = await rescoreRun({ run: first.dir, config });
    const again = await loadRun(same.dir);
    expect(chatRequests()).toBe(sent);
    expect(again.header?.rescoredFrom).toBe(first.runId);
    expect(scoring(again.trials)).toEqual(scoring(original.trials));
    expect(outputs(again.trials)).toEqual(outputs(original.trials));

    // An expectation changes and a custom scorer is added: re-scoring equals a fresh run.
    const suiteFile = path.join(dir, "suites", "triage.yaml");
    writeFileSync(
      suiteFile,
      readFileSync(suiteFile, "utf8").replace(
        "expect: { json: { category: billing } }",
        "expect: { json: { category: bug } }",
      ),
    );
    writeFileSync(config, `${readFileSync(config, "utf8")}scorers: { shout: ./scorers/shout.mjs }\n`);
    const rescored = await loadRun((await rescoreRun({ run: first.dir, config })).dir);
    expect(chatRequests()).toBe(sent);
    const fresh = await loadRun((await runSuites({ config })).dir);
    expect(scoring(rescored.trials)).toEqual(scoring(fresh.trials));
    const changed = rescored.trials.filter((t) => t.caseId === "charged-twice" && t.strategy === "prompt");
    expect(changed.map((t) => t.verdict?.pass)).toEqual([false]);
    expect(rescored.trials.every((t) => t.scores.some((s) => s.scorer === "shout" && s.score === 0.5))).toBe(
      true,
    );
  });

  it("refuses a run whose cases are no longer in the suites, naming them (exit 2)", async () => {
    const dir = await project();
    const config = path.join(dir, "eval.config.yaml");
    const first = await runSuites({ config, strategies: ["prompt"] });
    const suiteFile = path.join(dir, "suites", "triage.yaml");
    writeFileSync(suiteFile, readFileSync(suiteFile, "utf8").replace("id: mars,", "id: venus,"));
    const cli = await runCli([registerRescoreCommand], ["rescore", first.dir, "-c", config]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("1 case(s) of the run are not in the suites any more: triage/mars");
  });
});
