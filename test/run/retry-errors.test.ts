// `--retry-errors` on resume sends the trials whose latest record is an error again; the newer
// line wins in the reader.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runSuites } from "../../src/run/index.js";
import { isDone, loadRun, TRIALS_FILE } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig, TRIAGE_SUITE, writeProject } from "../helpers/project.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;

describe("isDone", () => {
  it("an error is done unless errors are retried; the latest line decides", () => {
    const now = { caseHash: "h1", retryErrors: false };
    expect(isDone(undefined, now)).toBe(false);
    expect(isDone({ error: true, caseHash: "h1" }, now)).toBe(true);
    expect(isDone({ error: true, caseHash: "h1" }, { ...now, retryErrors: true })).toBe(false);
    expect(isDone({ error: false, caseHash: "h1" }, { ...now, retryErrors: true })).toBe(true);
    expect(isDone({ error: false, caseHash: "h0" }, now)).toBe(false); // answered an older case
    expect(isDone({ error: false, caseHash: undefined }, now)).toBe(true); // an older log
  });
});

describe("runSuites({ resume, retryErrors })", () => {
  it("re-runs exactly the trials that ended in an error; the newer answers win", async () => {
    // Half the requests fail with a 5xx and nothing retries them.
    sim = await startSimulator({ port: 0, faults: { rate5xx: 0.5 } });
    const port = new URL(sim.url).port;
    const dir = writeProject({
      "eval.config.yaml": simConfig(
        sim.url,
        "run: { concurrency: 2, repeat: 2, cache: false, maxRetries: 0 }\n",
      ),
      "suites/triage.yaml": TRIAGE_SUITE,
      "suites/notes/billing.md": "# Billing\n\nDuplicate charges are refunded.\n",
    });
    const config = path.join(dir, "eval.config.yaml");
    const first = await runSuites({ config });
    const total = 5 * 2 * 2;
    const errors = (await loadRun(first.dir)).trials.filter((t) => t.error).length;
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(total);

    // The endpoint recovers (same address, so the config is unchanged).
    await sim.close();
    sim = await startSimulator({ port: Number(port) });
    const plain = await runSuites({ config, resume: first.runId });
    expect(plain.recorded).toBe(0); // without the flag, errors are recorded answers like any other
    const notes: string[] = [];
    const retried = await runSuites({
      config,
      resume: first.runId,
      retryErrors: true,
      onNote: (m) => notes.push(m),
    });
    expect(retried.recorded).toBe(errors);
    expect(chatRequests()).toBe(errors);
    expect(notes).toEqual([
      `sending ${errors} trial(s) again whose recorded answer was an error (--retry-errors)`,
    ]);

    const log = await loadRun(first.dir);
    expect(log.trials).toHaveLength(total);
    expect(log.trials.filter((t) => t.error)).toEqual([]);
    const lines = readFileSync(path.join(first.dir, TRIALS_FILE), "utf8").trim().split("\n");
    expect(lines).toHaveLength(1 + total + 1 + errors); // header, trials, the note, the retries
    expect(JSON.parse(lines[1 + total] ?? "")).toMatchObject({ retriedErrors: errors, rerun: [] });

    // Nothing left to retry.
    expect((await runSuites({ config, resume: first.runId, retryErrors: true })).recorded).toBe(0);
  }, 30_000);
});
