import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSuites } from "../../src/run/index.js";
import { loadRun, type TrialRecord, trialKey } from "../../src/runlog/index.js";
import { SimError } from "../../src/sim/errors.js";
import { batchProjects } from "../helpers/batch.js";
import { hasBuild, onlyRunDir, runCli, startCli, until } from "../reliability/cli.js";

const { project, calls } = batchProjects();

const byKey = (trials: readonly TrialRecord[]) => new Map(trials.map((t) => [trialKey(t), t]));

describe("run --batch on the simulator", () => {
  it("gives the outputs and scores of the run without batch, at half the cost", {
    timeout: 30_000,
  }, async () => {
    const dir = await project();
    const config = path.join(dir, "eval.config.yaml");
    const plain = await loadRun((await runSuites({ config })).dir);
    const notes: string[] = [];
    const result = await runSuites({ config, batch: true, onNote: (m) => notes.push(m) });
    const batched = await loadRun(result.dir);
    expect(calls("POST /v1/batches")).toBe(1);
    expect(calls("POST /v1/chat/completions")).toBe(40); // the plain run's only
    expect(notes[0]).toMatch(/^submitted batch batch_\w+ to endpoint "s": 40 trials$/);
    expect(notes.at(-1)).toMatch(/^batch batch_\w+: completed 40\/40 done$/);

    expect(batched.trials).toHaveLength(40);
    const reference = byKey(plain.trials);
    let listPrice = 0;
    let batchPrice = 0;
    for (const t of batched.trials) {
      const same = reference.get(trialKey(t)) as TrialRecord;
      expect(t.batchId).toMatch(/^batch_/);
      expect(t.error).toBeNull();
      expect(t.output).toBe(same.output);
      expect(t.scores).toEqual(same.scores);
      expect(t.verdict).toEqual(same.verdict);
      expect(t.usage).toEqual(same.usage);
      expect(t.messages).toEqual(same.messages);
      expect(t.latencyMs).toBeNull(); // a batch's hours are no call's latency
      expect(t.cost.total).toBeCloseTo((same.cost.total ?? 0) / 2, 12);
      listPrice += same.cost.total ?? 0;
      batchPrice += t.cost.total ?? 0;
    }
    expect(batchPrice).toBeGreaterThan(0);
    expect(batchPrice / listPrice).toBeCloseTo(0.5, 10);
    // The request files are removed once their results are in; the batch ids stay.
    expect(existsSync(path.join(result.dir, "batches.jsonl"))).toBe(true);
    expect(existsSync(path.join(result.dir, "batches", "1-s.jsonl"))).toBe(false);
  });

  it("answers from the response cache what it holds, and keeps what its batches answered", {
    timeout: 30_000,
  }, async () => {
    const dir = await project({}, 20, "{ concurrency: 4, cache: true }");
    const config = path.join(dir, "eval.config.yaml");
    const batched = await loadRun((await runSuites({ config, batch: true })).dir);
    expect(calls("POST /v1/batches")).toBe(1);
    expect(batched.trials.every((t) => t.batchId && !t.cached)).toBe(true);
    const outputs = (run: typeof batched) => [...byKey(run.trials)].map(([k, t]) => [k, t.output]).sort();

    // A synchronous run afterwards calls nothing: every answer is the batch's, from the cache.
    const sync = await loadRun((await runSuites({ config })).dir);
    expect(calls("POST /v1/chat/completions")).toBe(0);
    expect(sync.trials.every((t) => t.cached && t.error === null)).toBe(true);
    expect(outputs(sync)).toEqual(outputs(batched));

    // And another batch run submits nothing: its trials are cached, in no batch, spent nothing.
    const notes: string[] = [];
    const again = await loadRun((await runSuites({ config, batch: true, onNote: (m) => notes.push(m) })).dir);
    expect(calls("POST /v1/batches")).toBe(1);
    expect(calls("POST /v1/files")).toBe(1);
    expect(notes).toEqual([]);
    expect(again.trials).toHaveLength(40);
    expect(again.trials.every((t) => t.cached && t.batchId === undefined)).toBe(true);
    expect(outputs(again)).toEqual(outputs(batched));
  });

  it("records the requests a batch failed as errors, classified as a synchronous failure", {
    timeout: 30_000,
  }, async () => {
    const dir = await project({ batchFailRate: 0.3 });
    const result = await runSuites({ config: path.join(dir, "eval.config.yaml"), batch: true });
    const run = await loadRun(result.dir);
    expect(run.trials).toHaveLength(40);
    const failed = run.trials.filter((t) => t.error);
    expect(failed.length).toBeGreaterThan(3);
    expect(failed.length).toBeLessThan(25);
    for (const t of failed) {
      expect(t.error).toMatchObject({ kind: "server", status: 500, retryable: true });
      expect(t.output).toBeNull();
      expect(t.cost.total).toBe(0);
    }
  });
});

describe.skipIf(!hasBuild)("run --batch from the command line", () => {
  it("a killed batch run picks up its batch when resumed: nothing submitted twice", {
    timeout: 60_000,
  }, async () => {
    const dir = await project({ batchSeconds: 4 }, 30);
    const config = path.join(dir, "eval.config.yaml");
    const first = startCli(["run", "-c", config, "--batch", "--reporter", "json"], { cwd: dir });
    const batches = () => {
      const run = onlyRunDir(path.join(dir, "reports"));
      return run ? path.join(run, "batches.jsonl") : "";
    };
    await until(
      () => existsSync(batches()) && readFileSync(batches(), "utf8").includes("submittedAt"),
      30_000,
      first.child,
    );
    first.child.kill("SIGKILL");
    await first.finished;
    const runDir = onlyRunDir(path.join(dir, "reports")) as string;
    expect(calls("POST /v1/batches")).toBe(1);
    expect((await loadRun(runDir)).trials).toHaveLength(0);

    const resumed = await runCli(
      ["run", "-c", config, "--resume", path.basename(runDir), "--batch", "--reporter", "json"],
      {
        cwd: dir,
      },
    );
    expect(resumed.code).toBe(0);
    // The killed run's lock is taken over; its batch is collected, not submitted again.
    expect(resumed.stderr).toMatch(/picking up 1 batch\(es\) submitted before: batch_\w+\n/);
    expect(resumed.stderr).not.toMatch(/submitted batch/);
    expect(calls("POST /v1/batches")).toBe(1);
    expect(calls("POST /v1/files")).toBe(1);
    const run = await loadRun(runDir);
    expect(run.trials).toHaveLength(60);
    expect(new Set(run.trials.map((t) => t.batchId)).size).toBe(1);
  });

  it("--batch on an endpoint without a Batch API: one line, exit 2, nothing written", {
    timeout: 30_000,
  }, async () => {
    const missing = () => {
      throw new SimError(404, "Invalid URL (GET /v1/batches)");
    };
    const dir = await project({ routes: [{ method: "GET", path: "/v1/batches", handle: missing }] });
    const cli = await runCli(["run", "--batch"], { cwd: dir });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(
      'tunebench: --batch: endpoint "s" has no Batch API (GET /batches answered 404); run without --batch\n',
    );
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
    expect(calls("POST /v1/chat/completions")).toBe(0);
  });
});
