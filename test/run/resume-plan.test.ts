// `--resume` restores the plan the run header recorded (issue 8: a `--repeat 4` run resumed with
// repeat 1, 402 of 1,176 trials, exit 0, no warning).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ResumeError, runSuites } from "../../src/run/index.js";
import { loadRun, TRIALS_FILE, type TrialRecord, trialKey } from "../../src/runlog/index.js";
import { TRIAGE_SUITE, writeProject } from "../helpers/project.js";

/** Two suites, two strategies, all on the built-in simulator (its settings are part of the plan). */
function project(): string {
  return writeProject({
    "eval.config.yaml": `suites: [suites/*.yaml]
strategies:
  baseline: { endpoint: sim }
  prompt: { endpoint: sim, shots: 2 }
run: { concurrency: 2, cache: false }
`,
    "suites/triage.yaml": TRIAGE_SUITE,
    "suites/other.yaml": TRIAGE_SUITE.replace("name: triage", "name: other"),
    "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded.\n",
  });
}

/** Keeps the header and the first `trials` trial lines, as a kill would. */
function cutLog(dir: string, trials: number): void {
  const file = path.join(dir, TRIALS_FILE);
  const lines = readFileSync(file, "utf8").split("\n");
  writeFileSync(file, `${lines.slice(0, trials + 1).join("\n")}\n`);
}

const outputs = (trials: TrialRecord[]) => new Map(trials.map((t) => [trialKey(t), t.output]));

describe("resume restores the recorded plan", () => {
  it("repeat, suites, strategies and simulator settings come from the header, not the defaults", async () => {
    const dir = project();
    const config = path.join(dir, "eval.config.yaml");
    const chosen = { suites: ["triage"], strategies: ["prompt"], repeat: 3, sim: { degrade: 0.5 } };
    const full = await runSuites({ config, ...chosen });
    const original = await loadRun(full.dir);
    expect(original.trials).toHaveLength(5 * 1 * 3);
    expect(original.header?.plan?.repeat).toBe(3);
    expect(original.header?.plan?.sim).toEqual({ latencyMs: 0, degrade: 0.5, seed: 0 });
    expect(Object.keys(original.header?.plan?.suites ?? {})).toEqual(["triage"]);
    expect(Object.keys(original.header?.plan?.suites.triage?.cases ?? {})).toHaveLength(5);
    expect(original.header?.plan?.configHashes).toHaveProperty(["strategies.prompt"]);
    // A reader for a report leaves the case hashes out (resume reads them), and nothing else.
    const forReport = await loadRun(full.dir, { withoutCaseHashes: true });
    expect(forReport.header?.plan?.suites.triage).toEqual({
      ...original.header?.plan?.suites.triage,
      cases: {},
    });
    expect({ ...forReport.header, plan: undefined }).toEqual({ ...original.header, plan: undefined });
    expect(original.trials.every((t) => t.caseHash)).toBe(true);
    expect(forReport.trials).toEqual(original.trials.map(({ caseHash: _, ...t }) => t));
    // The degraded simulator answers some trials differently: restoring it is observable.
    const plain = await runSuites({ config, ...chosen, sim: {}, outDir: path.join(dir, "plain") });
    const plainOutputs = outputs((await loadRun(plain.dir)).trials);
    expect(original.trials.some((t) => plainOutputs.get(trialKey(t)) !== t.output)).toBe(true);

    cutLog(full.dir, 3);
    const resumed = await runSuites({ config, resume: full.runId });
    expect(resumed.recorded).toBe(12);
    const log = await loadRun(full.dir);
    expect(log.trials.map(trialKey).sort()).toEqual(original.trials.map(trialKey).sort());
    expect(outputs(log.trials)).toEqual(outputs(original.trials));
  }, 30_000);

  it("a flag that contradicts the header is an error naming it and the recorded value; one that agrees is fine", async () => {
    const dir = project();
    const config = path.join(dir, "eval.config.yaml");
    const full = await runSuites({ config, suites: ["triage"], strategies: ["prompt"], repeat: 2 });
    cutLog(full.dir, 2);
    const resume = { config, resume: full.runId };
    await expect(runSuites({ ...resume, repeat: 3 })).rejects.toThrow(
      new ResumeError(
        `--repeat 3 contradicts run ${full.runId}, recorded with --repeat 2: resume without it (the recorded value is restored), or start a new run`,
      ),
    );
    await expect(runSuites({ ...resume, suites: ["other"] })).rejects.toThrow(
      /^--suite other contradicts run .*, recorded with --suite triage:/,
    );
    await expect(runSuites({ ...resume, strategies: ["baseline", "prompt"] })).rejects.toThrow(
      /^--strategy baseline,prompt contradicts .*recorded with --strategy prompt:/,
    );
    await expect(runSuites({ ...resume, sim: { latencyMs: 5 } })).rejects.toThrow(
      /^--sim-latency 5 contradicts .*recorded with --sim-latency 0:/,
    );
    expect((await loadRun(full.dir)).trials).toHaveLength(2); // refused before sending anything
    const agreeing = await runSuites({
      ...resume,
      repeat: 2,
      suites: [path.join(dir, "suites/triage.yaml")],
      strategies: ["prompt"],
      sim: { degrade: 0 },
    });
    expect(agreeing.recorded).toBe(8);
  }, 30_000);

  it("a header from before plans were recorded resumes as it did: flags and config as given, with a note", async () => {
    const dir = project();
    const config = path.join(dir, "eval.config.yaml");
    const full = await runSuites({ config, strategies: ["prompt"], repeat: 2 });
    const file = path.join(full.dir, TRIALS_FILE);
    const [first = "", ...rest] = readFileSync(file, "utf8").split("\n");
    const { plan: _dropped, ...oldHeader } = JSON.parse(first) as Record<string, unknown>;
    const oldTrials = rest.slice(0, 4).map((line) => {
      const { caseHash: _none, ...trial } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(trial);
    });
    writeFileSync(file, `${[JSON.stringify(oldHeader), ...oldTrials].join("\n")}\n`);
    const notes: string[] = [];
    const resumed = await runSuites({
      config,
      resume: full.runId,
      strategies: ["prompt"],
      repeat: 2,
      onNote: (m) => notes.push(m),
    });
    expect(resumed.recorded).toBe(20 - 4);
    expect(notes).toEqual([
      `run ${full.runId} was started by an older tunebench that did not record its plan: resuming with the flags and config as given (repeat 2), assuming its suites unchanged`,
    ]);
    expect((await loadRun(full.dir)).trials).toHaveLength(20);
  }, 30_000);
});
