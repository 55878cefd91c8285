// Resuming after a suite or the config was edited (issue 8: old and new cases mixed silently).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runSuites } from "../../src/run/index.js";
import { loadRun, TRIALS_FILE } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig, TRIAGE_SUITE, writeProject } from "../helpers/project.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;

/** A finished run of triage (5 cases) × baseline, prompt × repeat 2, then its log cut to 12 trials. */
async function killedRun() {
  sim = await startSimulator({ port: 0 });
  const dir = writeProject({
    "eval.config.yaml": simConfig(sim.url, "run: { concurrency: 2, repeat: 2, cache: false }\n"),
    "suites/triage.yaml": TRIAGE_SUITE,
    "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded.\n",
  });
  const config = path.join(dir, "eval.config.yaml");
  const run = await runSuites({ config });
  const file = path.join(run.dir, TRIALS_FILE);
  const lines = readFileSync(file, "utf8").split("\n");
  writeFileSync(file, `${lines.slice(0, 13).join("\n")}\n`);
  const suiteFile = path.join(dir, "suites/triage.yaml");
  const edit = (from: string, to: string) => {
    const text = readFileSync(suiteFile, "utf8");
    expect(text).toContain(from);
    writeFileSync(suiteFile, text.replace(from, to));
  };
  return { dir, config, run, file, edit, suiteFile };
}

describe("resume after the suites or config changed", () => {
  it("refuses, listing changed, added and removed cases; --allow-changed answers them anew and the log says so", async () => {
    const { config, run, file, edit, suiteFile } = await killedRun();
    // charged-twice (recorded) changes, pdf-empty (not yet recorded) is removed, a case is added.
    edit("my card was charged two times", "I was billed twice");
    edit(
      '  - { id: pdf-empty, input: "the PDF export gives me an empty file", expect: { json: { category: bug } } }\n',
      "",
    );
    edit(
      "cases:\n",
      'cases:\n  - { id: refund, input: "please refund my last payment", expect: { json: { category: billing } } }\n',
    );
    // A reformatted file with a new comment is no change.
    writeFileSync(suiteFile, `# edited\n${readFileSync(suiteFile, "utf8")}`);

    const before = chatRequests();
    await expect(runSuites({ config, resume: run.runId })).rejects.toThrow(
      `cannot resume ${run.runId}: the suites or config changed since it started (cases changed triage/charged-twice; added triage/refund; removed triage/pdf-empty): pass --allow-changed to answer the changed and added cases anew (removed ones stay in the log), or start a new run`,
    );
    expect(chatRequests()).toBe(before);

    const notes: string[] = [];
    const resumed = await runSuites({
      config,
      resume: run.runId,
      allowChanged: true,
      onNote: (m) => notes.push(m),
    });
    // 5 cases now (4 kept + refund) × 2 strategies × 2 repeats; of the 12 recorded, the 4 of
    // charged-twice answered the case as it was and are sent again.
    const log = await loadRun(run.dir);
    const charged = log.trials.filter((t) => t.caseId === "charged-twice");
    expect(charged).toHaveLength(4);
    expect(charged.every((t) => t.input === "I was billed twice for the subscription")).toBe(true);
    expect(log.trials.filter((t) => t.caseId === "refund")).toHaveLength(4);
    expect(resumed.total).toBe(20);
    expect(resumed.done).toBe(20);
    expect(chatRequests() - before).toBe(resumed.recorded);
    expect(notes).toEqual([
      `accepted changes to run ${run.runId} (--allow-changed): 1 changed, 1 added, 1 removed case(s)`,
      "answering 1 changed case(s) again; the newer answers replace the old ones",
    ]);
    const note = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.includes('"schema":"tunebench.resume/1"'))
      .map((l) => JSON.parse(l));
    expect(note).toHaveLength(1);
    expect(note[0]).toMatchObject({
      changed: ["triage/charged-twice"],
      added: ["triage/refund"],
      removed: ["triage/pdf-empty"],
      rerun: ["triage/charged-twice"],
      retriedErrors: 0,
    });
    // Accepted once: the next resume neither refuses nor sends anything.
    const again = await runSuites({ config, resume: run.runId });
    expect(again.recorded).toBe(0);
  }, 30_000);

  it("a resume that accepted changes and stopped before re-running them re-runs them next time without asking again", async () => {
    const { config, run, edit } = await killedRun();
    edit("my card was charged two times", "I was billed twice");
    const stopped = new AbortController();
    stopped.abort();
    const first = await runSuites({ config, resume: run.runId, allowChanged: true, signal: stopped.signal });
    expect(first).toMatchObject({ recorded: 0, interrupted: true });
    const next = await runSuites({ config, resume: run.runId });
    expect(next.recorded).toBe(20 - 12 + 4);
    const charged = (await loadRun(run.dir)).trials.filter((t) => t.caseId === "charged-twice");
    expect(charged.map((t) => t.input)).toEqual(Array(4).fill("I was billed twice for the subscription"));
  }, 30_000);

  it("a changed task makes every case changed; a changed config section is named", async () => {
    const { config, run, edit } = await killedRun();
    edit("Classify the support ticket.", "Classify the customer ticket.");
    await expect(runSuites({ config, resume: run.runId })).rejects.toThrow(
      /cases changed triage\/charged-twice, triage\/settings-crash, triage\/password, triage\/pdf-empty, triage\/mars\)/,
    );
    edit("Classify the customer ticket.", "Classify the support ticket.");
    writeFileSync(config, `${readFileSync(config, "utf8")}prices: { sim-base: { input: 1, output: 2 } }\n`);
    await expect(runSuites({ config, resume: run.runId })).rejects.toThrow(
      /the suites or config changed since it started \(config prices changed\)/,
    );
    const accepted = await runSuites({ config, resume: run.runId, allowChanged: true });
    expect(accepted.recorded).toBe(8); // a config change re-runs nothing: recorded trials keep their settings
  }, 30_000);
});
