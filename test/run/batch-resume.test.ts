// A `run --batch` stopped part way (Ctrl-C, a kill, a failed submission) and resumed: its
// batches are collected, never paid for twice, and the resume's batches are whole.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSuites } from "../../src/run/index.js";
import { loadRun } from "../../src/runlog/index.js";
import { SimError } from "../../src/sim/errors.js";
import type { SimOptions } from "../../src/sim/index.js";
import { builtInRoutes } from "../../src/sim/routes/index.js";
import { batchProjects } from "../helpers/batch.js";
import { hasBuild, onlyRunDir, runCli, startCli, until } from "../reliability/cli.js";

const batch = batchProjects();
const { calls } = batch;

async function project(options: SimOptions = {}, cases = 20) {
  const dir = await batch.project(options, cases);
  const runDir = () => onlyRunDir(path.join(dir, "reports"));
  const submitted = () => {
    const run = runDir();
    const file = run ? path.join(run, "batches.jsonl") : "";
    return existsSync(file) && readFileSync(file, "utf8").includes("submittedAt");
  };
  return { dir, runDir, submitted };
}

/** `tunebench run --batch` in a process of its own, once it has submitted its batch. */
async function submittedByCli(batchSeconds: number) {
  const { dir, runDir, submitted } = await project({ batchSeconds });
  const first = startCli(["run", "--batch", "--reporter", "json"], { cwd: dir });
  await until(submitted, 30_000, first.child);
  return { dir, runDir, first };
}

describe("a batch's failed lines, sent again", () => {
  it("a resume with --retry-errors gets answers for some of them, as from a real server", {
    timeout: 30_000,
  }, async () => {
    const { dir } = await project({ batchFailRate: 0.5 });
    const config = path.join(dir, "eval.config.yaml");
    const first = await runSuites({ config, batch: true });
    const errors = async () => (await loadRun(first.dir)).trials.filter((t) => t.error).length;
    const failed = await errors();
    expect(failed).toBeGreaterThan(5);
    await runSuites({ config, batch: true, resume: first.dir, retryErrors: true });
    expect(calls("POST /v1/batches")).toBe(2);
    // Half of the retried lines fail again, drawn anew: not the very same ones every time.
    expect(await errors()).toBeLessThan(failed);
    expect(await errors()).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasBuild)("a stopped batch run, resumed", () => {
  it("the resume command it printed (no --batch) collects its open batch: nothing sent twice", {
    timeout: 60_000,
  }, async () => {
    const { dir, runDir, first } = await submittedByCli(4);
    first.child.kill("SIGKILL");
    await first.finished;
    const run = runDir() as string;

    const resumed = await runCli(["run", "--resume", path.basename(run), "--reporter", "json"], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/was started with --batch: resuming it with --batch/);
    expect(calls("POST /v1/chat/completions")).toBe(0);
    expect(calls("POST /v1/batches")).toBe(1);
    const log = await loadRun(run);
    expect(log.trials).toHaveLength(40);
    expect(log.trials.every((t) => t.batchId?.startsWith("batch_"))).toBe(true);
  });

  it("Ctrl-C stops polling at once (exit 130) and leaves the batch to the resume", {
    timeout: 60_000,
  }, async () => {
    const { runDir, first } = await submittedByCli(60);
    const asked = Date.now();
    first.child.kill("SIGINT");
    const stopped = await first.finished;
    // Not the 30 s grace of calls in flight: a batch has none here, it runs at the endpoint.
    expect(Date.now() - asked).toBeLessThan(10_000);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(
      /batch\(es\) batch_\w+ keep running at the endpoint; the resume collects them/,
    );
    expect(stopped.stderr).toMatch(
      /interrupted: 0 of 40 trials recorded; resume with: tunebench run --resume /,
    );
    expect(stopped.stderr).not.toMatch(/abandoned/);
    expect(calls("POST /v1/batches")).toBe(1);
    expect((await loadRun(runDir() as string)).trials).toHaveLength(0);
  });

  it("a submission that failed leaves no request lines behind for the next one", {
    timeout: 60_000,
  }, async () => {
    // The first POST /v1/batches is refused after its file was uploaded; later ones are served.
    const create = builtInRoutes().find((r) => r.method === "POST" && r.path === "/v1/batches");
    let refused = 0;
    const { dir, runDir } = await project({
      routes: [
        {
          method: "POST",
          path: "/v1/batches",
          handle: (request, context) => {
            if (refused++ === 0) throw new SimError(400, "Enqueued token limit reached.");
            return (create as NonNullable<typeof create>).handle(request, context);
          },
        },
      ],
    });
    const failed = await runCli(["run", "--batch", "--reporter", "json"], { cwd: dir });
    const run = runDir() as string;
    // The endpoint's refusal, said in one line with the way on: no "internal error".
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(
      /tunebench: endpoint "s" answered 400 \(.*Enqueued token limit reached\.\): the batch of 40 trials was not submitted; once fixed, resume the run to submit it\. Stopped the run: 0 trials recorded, 40 not run; once fixed, continue with: tunebench run --resume /,
    );
    expect(failed.stderr).not.toMatch(/internal error|\n\s+at /);

    const resumed = await runCli(["run", "--resume", path.basename(run), "--batch", "--reporter", "json"], {
      cwd: dir,
    });
    expect(resumed.stderr).not.toMatch(/duplicate/);
    expect(resumed.code).toBe(0);
    expect(calls("POST /v1/files")).toBe(2);
    const log = await loadRun(run);
    expect(log.trials).toHaveLength(40);
    expect(log.trials.every((t) => t.error === null && t.batchId)).toBe(true);
  });
});
