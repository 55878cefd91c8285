// What a resumed `run --batch` finds in its folder: batches the stopped process left open (their
// cost, their request files) and the fact that it is a batch run at all.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSuites } from "../../src/run/index.js";
import { loadRun } from "../../src/runlog/index.js";
import { SimError } from "../../src/sim/errors.js";
import type { SimOptions } from "../../src/sim/index.js";
import { builtInRoutes } from "../../src/sim/routes/index.js";
import { batchProjects } from "../helpers/batch.js";
import { hasBuild, runCli } from "../reliability/cli.js";

const batch = batchProjects();
const { calls } = batch;

/** The project's config file. */
async function project(options: SimOptions = {}) {
  return path.join(await batch.project(options), "eval.config.yaml");
}

/** A batch run stopped (as by Ctrl-C) once its batch is submitted: the batch stays open. */
async function stoppedAfterSubmitting(config: string, maxCost?: number, resume?: string) {
  const stop = new AbortController();
  const run = await runSuites({
    config,
    batch: true,
    signal: stop.signal,
    ...(maxCost === undefined ? {} : { maxCost }),
    ...(resume ? { resume } : {}),
    onNote: (m) => {
      if (m.startsWith("submitted batch")) stop.abort();
    },
  });
  expect(run.interrupted).toBe(true);
  expect(run.done).toBe(0);
  return run;
}

// The budget admits about a third of the 40 trials at their bound (the batch price).
const MAX_COST = 0.0004;

describe("a resumed batch run", () => {
  it("counts the batches left open against --max-cost: it ends where an unstopped run does", {
    timeout: 60_000,
  }, async () => {
    const config = await project({ batchSeconds: 1 });
    const whole = await runSuites({ config, batch: true, maxCost: MAX_COST });
    expect(whole.done).toBeGreaterThan(0);
    expect(whole.done).toBeLessThan(20);

    const first = await stoppedAfterSubmitting(config, MAX_COST);
    const resumed = await runSuites({ config, resume: first.dir, maxCost: MAX_COST });
    // Its open batch holds the budget's worth: the resume submits nothing more.
    expect(calls("POST /v1/batches")).toBe(2);
    expect(resumed.done).toBe(whole.done);
    expect(resumed.budget?.stopped).toBe(true);
    expect(resumed.budget?.spent).toBeLessThanOrEqual(MAX_COST);
  });

  it("never writes a new request file over an open batch's, whatever its number", {
    timeout: 60_000,
  }, async () => {
    const config = await project({ batchSeconds: 1 });
    const first = await stoppedAfterSubmitting(config, MAX_COST);
    // Request files are numbered as they are opened and recorded as they are submitted: an open
    // batch's file may be numbered above the count of batches recorded (an earlier one was never
    // submitted, e.g. another endpoint's cut at 50,000 requests). Made so here by renaming it.
    const batches = path.join(first.dir, "batches.jsonl");
    writeFileSync(batches, readFileSync(batches, "utf8").replace("batches/1-s.jsonl", "batches/2-s.jsonl"));
    renameSync(path.join(first.dir, "batches", "1-s.jsonl"), path.join(first.dir, "batches", "2-s.jsonl"));

    const resumed = await runSuites({ config, resume: first.dir });
    expect(calls("POST /v1/batches")).toBe(2);
    expect(resumed.done).toBe(40);
    const run = await loadRun(first.dir);
    expect(run.trials).toHaveLength(40);
    expect(run.trials.every((t) => t.error === null && t.batchId)).toBe(true);
  });

  it("stays a batch run once its batches are collected: the retried trials go in a batch too", {
    timeout: 60_000,
  }, async () => {
    const config = await project({ batchFailRate: 0.5 });
    const first = await runSuites({ config, batch: true });
    const failed = (await loadRun(first.dir)).trials.filter((t) => t.error).length;
    expect(failed).toBeGreaterThan(5);

    // The resume command a run prints has no --batch.
    const batchInfo = new Set<boolean | undefined>();
    await runSuites({
      config,
      resume: first.dir,
      retryErrors: true,
      reporters: [{ onTrial: (_t, _done, info) => batchInfo.add(info.batch) }],
    });
    expect(calls("POST /v1/chat/completions")).toBe(0);
    expect(calls("POST /v1/batches")).toBe(2);
    expect([...batchInfo]).toEqual([true]); // the progress line gives no time left
    expect((await loadRun(first.dir)).header?.plan?.batch).toBe(true);
  });

  it("started without --batch, resumed with it and stopped: the next resume collects its open batch", {
    timeout: 60_000,
  }, async () => {
    const config = await project({ batchSeconds: 1 });
    const stop = new AbortController();
    stop.abort();
    const first = await runSuites({ config, signal: stop.signal }); // stopped before its first trial
    await stoppedAfterSubmitting(config, undefined, first.dir);
    const notes: string[] = [];
    const resumed = await runSuites({ config, resume: first.dir, onNote: (m) => notes.push(m) });
    expect(notes[0]).toMatch(/has 1 batch\(es\) open: resuming it with --batch$/);
    expect(resumed.done).toBe(40);
    expect(calls("POST /v1/chat/completions")).toBe(0);
    expect(calls("POST /v1/batches")).toBe(1);
  });

  it("a submission the endpoint fails with a server error leaves its trials to the resume: not bad input", {
    timeout: 60_000,
  }, async () => {
    const create = builtInRoutes().find((r) => r.method === "POST" && r.path === "/v1/batches");
    let down = true;
    const config = await project({
      routes: [
        {
          method: "POST",
          path: "/v1/batches",
          handle: (request, context) => {
            if (down) throw new SimError(503, "The server is overloaded.", "server_error");
            return (create as NonNullable<typeof create>).handle(request, context);
          },
        },
      ],
    });
    const notes: string[] = [];
    const first = await runSuites({ config, batch: true, onNote: (m) => notes.push(m) });
    expect(first.done).toBe(0);
    expect(notes.join("\n")).toMatch(
      /the batch of 40 trials for endpoint "s" was not submitted: it answered 503 \(server: The server is overloaded\.\); resume the run to submit it/,
    );

    down = false;
    const resumed = await runSuites({ config, resume: first.dir });
    expect(resumed.done).toBe(40);
    expect((await loadRun(first.dir)).trials.every((t) => t.error === null && t.batchId)).toBe(true);
  });

  it.skipIf(!hasBuild)(
    "the CLI: a run whose batch was not taken is incomplete: said, exit 1",
    {
      timeout: 60_000,
    },
    async () => {
      const config = await project({
        routes: [
          {
            method: "POST",
            path: "/v1/batches",
            handle: () => {
              throw new SimError(503, "The server is overloaded.", "server_error");
            },
          },
        ],
      });
      const cli = await runCli(["run", "--batch", "-c", config, "--reporter", "json"], {
        cwd: path.dirname(config),
      });
      expect(cli.stderr).toMatch(/40 of 40 trials not run; resume with: tunebench run --resume \S+/);
      expect(cli.code).toBe(1);
    },
  );
});
