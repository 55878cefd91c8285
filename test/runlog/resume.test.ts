import { appendFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ResumeError, runSuites } from "../../src/run/index.js";
import {
  findRun,
  loadRun,
  RunLogWriter,
  readForResume,
  TRIALS_FILE,
  type TrialRecord,
  trialKey,
} from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig, TRIAGE_SUITE, writeProject } from "../helpers/project.js";
import { runAndSummarize } from "../helpers/run.js";
import { tempDir } from "../helpers/suite.js";
import { fakeTrial, headerOf } from "../helpers/trial.js";

function logWith(...trials: TrialRecord[]): string {
  const dir = tempDir();
  const writer = new RunLogWriter(path.join(dir, TRIALS_FILE), (text) => text);
  writer.append(headerOf([]));
  for (const t of trials) writer.append(t);
  writer.close();
  return dir;
}

describe("readForResume", () => {
  it("keys the recorded trials, cuts a torn last line off the file and counts each trial once", async () => {
    const dir = logWith(fakeTrial({ caseId: "a" }), fakeTrial({ caseId: "b" }), fakeTrial({ caseId: "a" }));
    const file = path.join(dir, TRIALS_FILE);
    const intact = statSync(file).size;
    appendFileSync(file, '{"schema":"tunebench.trial/1","caseId":"c","sui');
    const state = await readForResume(dir);
    expect(state.header?.runId).toBe("r1");
    expect([...state.recorded.keys()]).toEqual([
      trialKey({ suite: "demo", caseId: "a", strategy: "prompt", repeat: 0 }),
      trialKey({ suite: "demo", caseId: "b", strategy: "prompt", repeat: 0 }),
    ]);
    expect(state.dropped).toBe(1);
    expect(statSync(file).size).toBe(intact);
    expect(state.truncatedBytes).toBeGreaterThan(0);
  });

  it("keeps a complete last record that only lacks its newline", async () => {
    const dir = logWith(fakeTrial({ caseId: "a" }));
    const file = path.join(dir, TRIALS_FILE);
    appendFileSync(file, JSON.stringify(fakeTrial({ caseId: "b" })));
    const state = await readForResume(dir);
    expect(state.recorded.size).toBe(2);
    expect(readFileSync(file, "utf8").endsWith("}\n")).toBe(true);
    expect((await loadRun(dir)).trials).toHaveLength(2);
  });

  it("copes with a log whose header never made it", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, TRIALS_FILE), '{"schema":"tunebench.r');
    const state = await readForResume(dir);
    expect(state.header).toBeNull();
    expect(statSync(path.join(dir, TRIALS_FILE)).size).toBe(0);
  });
});

describe("findRun", () => {
  it("takes a folder, its trials.jsonl, or a run id under outDir", () => {
    const out = tempDir();
    const dir = logWith();
    expect(findRun(dir, out)).toBe(dir);
    expect(findRun(path.join(dir, TRIALS_FILE), out)).toBe(dir);
    expect(findRun(path.basename(dir), path.dirname(dir), "/")).toBe(dir);
    expect(findRun("20990101-000000-ffff", out)).toBeNull();
  });
});

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;

describe("runSuites({ resume })", () => {
  it("sends only the trials the log lacks, appends to the same log, same run id", async () => {
    sim = await startSimulator({ port: 0 });
    const dir = writeProject({
      "eval.config.yaml": simConfig(sim.url, "run: { concurrency: 3, repeat: 2, cache: false }\n"),
      "suites/triage.yaml": TRIAGE_SUITE,
      "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded.\n",
    });
    const config = path.join(dir, "eval.config.yaml");
    const full = await runAndSummarize({ config });
    const total = full.summary.totals.trials;
    expect(total).toBe(5 * 2 * 2);
    expect(chatRequests()).toBe(total);

    // A crash after 7 trials, in the middle of writing the 8th.
    const file = path.join(full.dir, TRIALS_FILE);
    const lines = readFileSync(file, "utf8").split("\n");
    writeFileSync(file, `${lines.slice(0, 8).join("\n")}\n${(lines[8] ?? "").slice(0, 40)}`);

    const before = chatRequests();
    const resumed = await runAndSummarize({ config, resume: full.runId });
    expect(chatRequests() - before).toBe(total - 7);
    expect(resumed.runId).toBe(full.runId);
    expect(resumed.dir).toBe(full.dir);
    expect(resumed.summary.totals.trials).toBe(total);
    expect(resumed.calls.s?.attempts).toBe(total - 7);

    const log = await loadRun(full.dir);
    expect(log.skippedLines).toBe(0);
    expect(log.trials).toHaveLength(total);
    expect(new Set(log.trials.map(trialKey)).size).toBe(total);
    expect(new Set(log.trials.map((t) => t.runId))).toEqual(new Set([full.runId]));
    expect(readFileSync(file, "utf8").match(/"schema":"tunebench.run\/1"/g)).toHaveLength(1);
    // Same verdicts as the uninterrupted run.
    const verdicts = (s: typeof full.summary) => s.groups.map((g) => [g.strategy, g.pass.count, g.trials]);
    expect(verdicts(resumed.summary)).toEqual(verdicts(full.summary));

    // Resuming a finished run sends nothing.
    const again = await runAndSummarize({ config, resume: full.dir });
    expect(chatRequests()).toBe(before + total - 7);
    expect(again.summary.totals.trials).toBe(total);

    // A run that is not there is bad input, named as given.
    await expect(runSuites({ config, resume: "20990101-000000-ffff" })).rejects.toThrow(
      new ResumeError(
        `cannot resume "20990101-000000-ffff": no trials.jsonl in 20990101-000000-ffff or ${path.join(dir, "reports", "20990101-000000-ffff")}; give a run folder, its trials.jsonl or a run id in ${path.join(dir, "reports")}`,
      ),
    );
  });
});
