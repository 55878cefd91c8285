import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createRedactor } from "../../src/model/index.js";
import { planTrials } from "../../src/run/index.js";
import { loadRun, newRunId, RunLogWriter, TRIALS_FILE } from "../../src/runlog/index.js";
import { createStrategy } from "../../src/strategies/index.js";
import { makeSuite, tempDir } from "../helpers/suite.js";
import { fakeTrial, headerOf } from "../helpers/trial.js";

describe("run log", () => {
  it("round-trips header and trials and drops a torn last line", async () => {
    const dir = tempDir();
    const writer = new RunLogWriter(path.join(dir, TRIALS_FILE), (text) => text);
    writer.append(headerOf([]));
    writer.append(fakeTrial({ caseId: "a" }));
    writer.append(fakeTrial({ caseId: "b" }));
    writer.close();
    appendFileSync(path.join(dir, TRIALS_FILE), '{"schema":"tunebench.trial/1","caseId":"c"');
    const log = await loadRun(dir);
    expect(log.header?.runId).toBe("r1");
    expect(log.trials.map((t) => t.caseId)).toEqual(["a", "b"]);
    expect(log.skippedLines).toBe(1);
  });

  it("keeps one record per trial, where it was first seen, the later line winning", async () => {
    const dir = tempDir();
    const writer = new RunLogWriter(path.join(dir, TRIALS_FILE), (text) => text);
    const error = { kind: "server" as const, retryable: true, message: "500" };
    writer.append(headerOf([]));
    // The same case id in two suites, two strategies and two repeats: five trials, one retried.
    writer.append(fakeTrial({ caseId: "a", output: null, verdict: null, error }));
    writer.append(fakeTrial({ caseId: "a", suite: "other" }));
    writer.append(fakeTrial({ caseId: "a", strategy: "tuned" }));
    writer.append(fakeTrial({ caseId: "a", repeat: 1 }));
    writer.append(fakeTrial({ caseId: "b" }));
    writer.append(fakeTrial({ caseId: "a", output: "retried" }));
    writer.close();
    const log = await loadRun(dir);
    expect(log.trials.map((t) => `${t.suite}/${t.caseId}/${t.strategy}/${t.repeat}`)).toEqual([
      "demo/a/prompt/0",
      "other/a/prompt/0",
      "demo/a/tuned/0",
      "demo/a/prompt/1",
      "demo/b/prompt/0",
    ]);
    expect(log.trials[0]?.output).toBe("retried");
    expect(log.trials[0]?.error).toBeNull();
  });

  it("writes every line redacted, and the trial keys stay as they were", async () => {
    const dir = tempDir();
    const key = "proxy-k3y-0123456789";
    const writer = new RunLogWriter(path.join(dir, TRIALS_FILE), createRedactor([key]).text);
    writer.append(headerOf([]));
    const error = { kind: "server", status: 500, retryable: true, message: `echo: api-key: ${key}` } as const;
    writer.append(fakeTrial({ caseId: "sk-greeting", output: `{"authorization":"Bearer ${key}"}` }));
    writer.append(fakeTrial({ caseId: "b", output: null, error }));
    writer.close();
    expect(readFileSync(path.join(dir, TRIALS_FILE), "utf8")).not.toContain(key);
    const log = await loadRun(dir);
    expect(log.trials.map((t) => [t.caseId, t.output, t.error?.message])).toEqual([
      ["sk-greeting", '{"authorization":"Bearer ***"}', undefined],
      ["b", null, "echo: api-key: ***"],
    ]);
  });

  it("says which file is missing", async () => {
    await expect(loadRun(path.join(tempDir(), "nope"))).rejects.toThrow(
      /nope does not exist; give a run folder/,
    );
  });

  it("skips blank lines", async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, TRIALS_FILE), `\n${JSON.stringify(fakeTrial({}))}\n\n`);
    expect((await loadRun(dir)).trials).toHaveLength(1);
  });
});

describe("plan", () => {
  it("is suite × case × strategy × repeat in a stable order", async () => {
    const suite = makeSuite({
      cases: [
        { id: "a", input: "x", tags: [], expect: { equals: "1" } },
        { id: "b", input: "y", tags: [], expect: { equals: "2" } },
      ],
    });
    const deps = {
      embedderFor: () => {
        throw new Error("unused");
      },
      indexRoot: tempDir(),
      tunedRecords: [],
      taskSuites: [],
    };
    const strategies = [
      createStrategy("baseline", "baseline", { endpoint: "sim" }, deps),
      createStrategy("prompt", "prompt", { endpoint: "sim" }, deps),
    ];
    const plan = await planTrials([suite], strategies, 2);
    expect(plan).toHaveLength(8);
    expect(plan.slice(0, 4).map((t) => `${t.testCase.id}/${t.strategy.name}/${t.repeat}`)).toEqual([
      "a/baseline/0",
      "a/baseline/1",
      "a/prompt/0",
      "a/prompt/1",
    ]);
  });

  it("makes sortable, distinct run ids", () => {
    const a = newRunId(new Date("2026-11-24T23:59:01Z"));
    expect(a).toMatch(/^20261124-235901-[0-9a-f]{4}$/);
    expect(newRunId()).not.toBe(newRunId());
  });
});
