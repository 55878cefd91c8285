import { appendFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadRun, trialKey } from "../../src/runlog/index.js";
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
const CONCURRENCY = 4;
const TOTAL = 60 * 2 * 2; // cases × strategies × repeat

async function killedThenResumed(cache: boolean) {
  sim = await startSimulator({ port: 0, latencyMs: 20 });
  const dir = generatedProject(
    simConfig(sim.url, `run: { concurrency: ${CONCURRENCY}, repeat: 2, outDir: reports }\n`),
    60,
  );
  const config = path.join(dir, "eval.config.yaml");
  const outDir = path.join(dir, "reports");
  const flags = cache ? [] : ["--no-cache"];

  // 1. Start a run and kill -9 it once some trials are in the log.
  const first = startCli(["run", "-c", config, ...flags], { cwd: dir });
  await until(
    () => {
      const run = onlyRunDir(outDir);
      return run !== null && recordedTrials(run) >= 40;
    },
    30_000,
    first.child,
  );
  first.child.kill("SIGKILL");
  const killed = await first.finished;
  expect(killed.signal).toBe("SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 100)); // requests still on the wire arrive
  const runDir = onlyRunDir(outDir) as string;
  const recorded = recordedTrials(runDir);
  const sentBeforeKill = chatRequests();
  expect(recorded).toBeLessThan(TOTAL);
  // Only calls in flight at the kill, or answered with their record still on its way to the disk,
  // were sent without being recorded: at most twice the workers (src/run/runner.ts).
  expect(sentBeforeKill - recorded).toBeGreaterThanOrEqual(0);
  expect(sentBeforeKill - recorded).toBeLessThanOrEqual(2 * CONCURRENCY);
  // As if the kill had cut a line in half.
  appendFileSync(path.join(runDir, "trials.jsonl"), '{"schema":"tunebench.trial/1","runId":"x","suite":"g');

  // 2. Resume by run id: only the unrecorded trials are sent, each once.
  const resumed = await runCli(["run", "-c", config, ...flags, "--resume", path.basename(runDir)], {
    cwd: dir,
  });
  // The killed process left its lock: taken over, with a note naming it.
  expect(resumed.stderr).toBe(
    `tunebench: took over the lock of run ${path.basename(runDir)} from pid ${first.child.pid} (no longer running)\n`,
  );
  expect(resumed.code).toBe(0);
  if (!cache) {
    expect(chatRequests() - sentBeforeKill).toBe(TOTAL - recorded);
    expect(chatRequests()).toBe(TOTAL + (sentBeforeKill - recorded));
  } else {
    // An answer that reached the cache but not the log before the kill is not sent again either.
    expect(chatRequests() - sentBeforeKill).toBeLessThanOrEqual(TOTAL - recorded);
    expect(chatRequests() - sentBeforeKill).toBeGreaterThanOrEqual(TOTAL - recorded - CONCURRENCY);
  }

  const log = await loadRun(runDir);
  expect(log.skippedLines).toBe(0);
  expect(log.trials).toHaveLength(TOTAL);
  expect(new Set(log.trials.map(trialKey)).size).toBe(TOTAL);
  expect(new Set(log.trials.map((t) => t.runId))).toEqual(new Set([path.basename(runDir)]));
  expect(log.trials.filter((t) => t.error)).toEqual([]);
  expect(onlyRunDir(outDir)).toBe(runDir); // no second run folder
  return { config, dir, runDir, outDir };
}

describe.skipIf(!hasBuild)("kill -9 mid-run, then --resume", () => {
  it("sends no recorded trial again (simulator request count), without the cache", async () => {
    await killedThenResumed(false);
  }, 60_000);

  it("with the cache on: same, and a fresh run afterwards is served entirely from the cache", async () => {
    const { config, dir, outDir } = await killedThenResumed(true);
    const before = chatRequests();
    const again = await runCli(["run", "-c", config, "-o", path.join(outDir, "again")], { cwd: dir });
    expect(again.code).toBe(0);
    expect(chatRequests()).toBe(before);
    const log = await loadRun(onlyRunDir(path.join(outDir, "again")) as string);
    expect(log.trials).toHaveLength(TOTAL);
    expect(log.trials.every((t) => t.cached)).toBe(true);
  }, 60_000);

  it("refuses to resume a run that does not exist (exit 2, one line)", async () => {
    const dir = generatedProject("suites: [suites/*.yaml]\n", 3);
    const result = await runCli(["run", "--resume", "20990101-000000-ffff"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tunebench: cannot resume "20990101-000000-ffff": no trials.jsonl/);
  }, 30_000);
});
