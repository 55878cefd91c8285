// The built CLI against a simulator with latency: Ctrl-C, kill -9 with a `--repeat` flag, and two
// resumes of one run at once (issue 8). Every trial must end up in the log exactly once.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { trialKey } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig } from "../helpers/project.js";
import { hasBuild, onlyRunDir, recordedTrials, runCli, startCli, until } from "./cli.js";
import { generatedProject } from "./project.js";

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;
const CASES = 30;

async function project(latencyMs: number) {
  sim = await startSimulator({ port: 0, latencyMs });
  const dir = generatedProject(
    simConfig(sim.url, "run: { concurrency: 4, outDir: reports, cache: false }\n"),
    CASES,
  );
  return { dir, config: path.join(dir, "eval.config.yaml"), outDir: path.join(dir, "reports") };
}

/** Every line of the log is whole JSON; the trial keys, as many as there are trial lines. */
function logKeys(runDir: string): string[] {
  const text = readFileSync(path.join(runDir, "trials.jsonl"), "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line))
    .filter((entry) => entry.schema === "tunebench.trial/1")
    .map(trialKey);
}

/** Starts `tunebench run ARGS` and waits until `trials` are recorded. */
async function started(args: string[], cwd: string, outDir: string, trials: number) {
  const run = startCli(args, { cwd });
  await until(
    () => {
      const dir = onlyRunDir(outDir);
      return dir !== null && recordedTrials(dir) >= trials;
    },
    30_000,
    run.child,
  );
  return { ...run, runDir: onlyRunDir(outDir) as string };
}

/** The resume command the CLI printed, as argv. */
function printedResume(stderr: string): string[] {
  const match = /resume with: tunebench (run --resume \S+(?: -c \S+)?(?: -o \S+)?)\n/.exec(stderr);
  expect(match, stderr).not.toBeNull();
  return (match?.[1] ?? "").split(" ");
}

describe.skipIf(!hasBuild)("tunebench run: interrupted and resumed", () => {
  it("Ctrl-C: no new trials, those in flight finish and are recorded, the resume command is printed, exit 130", async () => {
    const { dir, config, outDir } = await project(150);
    const total = CASES * 2;
    const run = await started(["run", "-c", config, "--no-cache"], dir, outDir, 8);
    run.child.kill("SIGINT");
    const stopped = await run.finished;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/^tunebench: stopping: no new trials; those in flight finish/);
    const keys = logKeys(run.runDir);
    expect(keys.length).toBeLessThan(total);
    // Nothing sent was lost: every request the simulator answered is in the log.
    expect(chatRequests()).toBe(keys.length);
    expect(stopped.stderr).toContain(
      `interrupted: ${keys.length} of ${total} trials recorded; resume with: `,
    );
    expect(existsSync(path.join(run.runDir, "run.lock"))).toBe(false);

    const args = printedResume(stopped.stderr);
    expect(args).toEqual(["run", "--resume", path.basename(run.runDir), "-c", config]);
    const resumed = await runCli(args, { cwd: dir });
    expect(resumed.code).toBe(0);
    const all = logKeys(run.runDir);
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
    expect(chatRequests()).toBe(total);
  }, 60_000);

  it("a second Ctrl-C abandons the trials in flight cleanly: whole lines only, lock released, resume completes", async () => {
    const { dir, config, outDir } = await project(300);
    const total = CASES * 2;
    const run = await started(["run", "-c", config, "-o", outDir], dir, outDir, 8);
    run.child.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 50));
    run.child.kill("SIGINT");
    const stopped = await run.finished;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted; the trials in flight were abandoned; resume with: /);
    const keys = logKeys(run.runDir);
    expect(new Set(keys).size).toBe(keys.length);
    expect(existsSync(path.join(run.runDir, "run.lock"))).toBe(false);

    const args = printedResume(stopped.stderr);
    expect(args).toEqual(["run", "--resume", path.basename(run.runDir), "-c", config, "-o", outDir]);
    const resumed = await runCli(args, { cwd: dir });
    expect(resumed.code).toBe(0);
    const all = logKeys(run.runDir);
    expect(all).toHaveLength(total);
    expect(new Set(all).size).toBe(total);
  }, 60_000);

  it("kill -9 of a `--repeat 3` run, then `run --resume ID` alone: repeat 3 is restored; a contradicting flag exits 2", async () => {
    const { dir, config, outDir } = await project(20);
    const total = CASES * 2 * 3;
    const run = await started(["run", "-c", config, "--repeat", "3"], dir, outDir, 20);
    run.child.kill("SIGKILL");
    await run.finished;
    const id = path.basename(run.runDir);

    const contradicting = await runCli(["run", "-c", config, "--resume", id, "--repeat", "1"], { cwd: dir });
    expect(contradicting.code).toBe(2);
    expect(contradicting.stderr).toMatch(
      /^tunebench: took over the lock of run \S+ from pid \d+ \(no longer running\)\n/,
    );
    expect(contradicting.stderr.split("\n").slice(1).join("\n")).toBe(
      `tunebench: --repeat 1 contradicts run ${id}, recorded with --repeat 3: resume without it (the recorded value is restored), or start a new run\n`,
    );

    const resumed = await runCli(["run", "-c", config, "--resume", id], { cwd: dir });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    const keys = logKeys(run.runDir);
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);
  }, 60_000);

  it("two resumes of one run at once: the second is refused (exit 2, naming the pid), nothing is sent twice", async () => {
    // Slow enough that the first resume is still running when the second starts.
    const { dir, config, outDir } = await project(300);
    const total = CASES * 2;
    const first = await started(["run", "-c", config], dir, outDir, 8);
    first.child.kill("SIGKILL");
    await first.finished;
    const id = path.basename(first.runDir);
    const lockFile = path.join(first.runDir, "run.lock");

    const a = startCli(["run", "-c", config, "--resume", id], { cwd: dir });
    // Once `a` holds the lock (its pid in the file), start `b`.
    await until(
      () => existsSync(lockFile) && readFileSync(lockFile, "utf8").includes(`"pid":${a.child.pid}`),
      30_000,
      a.child,
    );
    const b = await runCli(["run", "-c", config, "--resume", id], { cwd: dir });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(new RegExp(`^tunebench: run ${id} is being written by pid ${a.child.pid} on `));
    expect((await a.finished).code).toBe(0);

    const keys = logKeys(first.runDir);
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);
    expect(chatRequests() - total).toBeLessThanOrEqual(4); // only what the kill -9 left in flight
  }, 60_000);
  it("Ctrl-C of `record -o DIR`: nothing recorded, the printed resume command keeps -o DIR", async () => {
    const { dir, config } = await project(150);
    const elsewhere = path.join(dir, "elsewhere");
    const args = ["record", "--strategy", "prompt", "-c", config, "-o", elsewhere];
    const run = await started(args, dir, elsewhere, 4);
    run.child.kill("SIGINT");
    const stopped = await run.finished;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain(
      "interrupted: nothing recorded; finish the run (tunebench run --resume ",
    );
    expect(stopped.stderr).toContain(
      ` -c ${config} -o ${elsewhere}), then tunebench record --strategy prompt --from `,
    );
    expect(existsSync(path.join(dir, "snapshots", "prompt.jsonl"))).toBe(false);
  });
});
