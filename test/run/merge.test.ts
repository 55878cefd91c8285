// `tunebench merge` as a demanding user meets it: shards of a killed job, shards made with other
// simulator settings, and shard specs no run log can hold.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runSuites } from "../../src/run/index.js";
import { loadRun, mergeRuns } from "../../src/runlog/index.js";
import { type RunningSimulator, type SimOptions, startSimulator } from "../../src/sim/index.js";
import { simConfig } from "../helpers/project.js";
import { hasBuild, onlyRunDir, runCli } from "../reliability/cli.js";
import { generatedProject } from "../reliability/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function project(cases = 8) {
  sim = await startSimulator({ port: 0 });
  const dir = await generatedProject(simConfig(sim.url, "run: { concurrency: 2, cache: false }\n"), cases);
  return { dir, config: path.join(dir, "eval.config.yaml") };
}

/**
 * Both shards of a project on the built-in simulator, whose settings (--sim-degrade, --sim-latency)
 * a shard records: the first run with `sim`.
 */
async function twoShards(sim: SimOptions) {
  const yaml =
    "suites: [suites/*.yaml]\nstrategies:\n  baseline: { endpoint: sim }\nrun: { concurrency: 2, cache: false }\n";
  const dir = await generatedProject(yaml, 8);
  const config = path.join(dir, "eval.config.yaml");
  const one = await runSuites({ config, shard: { index: 1, count: 2 }, sim });
  const two = await runSuites({ config, shard: { index: 2, count: 2 } });
  return { dir, one, two };
}

/** Keeps the header and the first `trials` trial lines: the log of a run killed there. */
function killAfter(runDir: string, trials: number): void {
  const file = path.join(runDir, "trials.jsonl");
  const lines = readFileSync(file, "utf8").split("\n");
  writeFileSync(file, `${lines.slice(0, 1 + trials).join("\n")}\n`);
}

describe.skipIf(!hasBuild)("tunebench merge, demanding", () => {
  it("a killed shard makes an incomplete merged run: said, exit 1, not blessable", {
    timeout: 30_000,
  }, async () => {
    const { dir, config } = await project();
    const one = await runSuites({ config, shard: { index: 1, count: 2 } });
    const two = await runSuites({ config, shard: { index: 2, count: 2 } });
    killAfter(two.dir, 3);
    const out = path.join(dir, "merged");
    const cli = await runCli(["merge", one.dir, two.dir, "-o", out, "--reporter", "json"], { cwd: dir });
    expect(cli.stderr).toMatch(
      /shard .* is incomplete \(3 of 8 trials\): the merged run is too; finish it with tunebench run --resume .*, then merge again/,
    );
    expect(cli.code).toBe(1);
    const merged = await loadRun(path.join(out, (cli.stderr.match(/into .*\/([\w-]+)\n/) ?? [])[1] ?? ""));
    expect(merged.trials).toHaveLength(11);
    expect(merged.header?.planned).toBe(16); // both shards' plans, not the first one's
    const bless = await runCli(["baseline", "set", merged.dir], { cwd: dir });
    expect(bless.code).toBe(2);
    expect(bless.stderr).toMatch(/the run is incomplete \(11 of 16 planned trials in its log\)/);
  });

  it("refuses shards run with other simulator settings, naming what differs", {
    timeout: 30_000,
  }, async () => {
    const { dir, one, two } = await twoShards({ degrade: 0.5 });
    const out = path.join(dir, "merged");
    const cli = await runCli(["merge", one.dir, two.dir, "-o", out], { cwd: dir });
    expect(cli.code).toBe(2);
    expect(cli.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(
        /merge: .* is a shard of another plan than .*: their simulator settings differ; run every shard with the same suites, strategies, flags and config$/,
      ),
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it("merges shards whose simulator differed only in latency (it changes no answer)", {
    timeout: 30_000,
  }, async () => {
    const { dir, one, two } = await twoShards({ latencyMs: 3 });
    const merged = await mergeRuns([one.dir, two.dir], path.join(dir, "merged"));
    expect(merged.trials).toBe(one.done + two.done);
  });

  it("a shard job's gates do not fail it: the merge of all shards gates the run", {
    timeout: 30_000,
  }, async () => {
    sim = await startSimulator({ port: 0 });
    const gated = "run: { concurrency: 2, cache: false }\ngates: { minPassRateLower: 0.99 }\n";
    const dir = await generatedProject(simConfig(sim.url, gated), 6);
    const shards = [];
    for (const i of [1, 2]) {
      const out = path.join(dir, `shard-${i}`);
      const cli = await runCli(["run", "--shard", `${i}/2`, "-o", out, "--reporter", "json"], { cwd: dir });
      expect(cli.stderr).toMatch(/FAIL gate minPassRateLower/);
      expect(cli.stderr).toMatch(
        new RegExp(`shard ${i}/2: its gates judge part of the cases and do not set the exit code`),
      );
      expect(cli.code).toBe(0);
      shards.push(onlyRunDir(out) as string);
    }
    const merged = await runCli(["merge", ...shards, "-o", path.join(dir, "merged"), "--reporter", "json"], {
      cwd: dir,
    });
    expect(merged.stderr).toMatch(/FAIL gate minPassRateLower/);
    expect(merged.code).toBe(1);
  });

  it("the same shard given twice, or -o a file: one line, exit 2, nothing written", {
    timeout: 30_000,
  }, async () => {
    const { dir, config } = await project(4);
    const one = await runSuites({ config, shard: { index: 1, count: 2 } });
    const two = await runSuites({ config, shard: { index: 2, count: 2 } });
    const twice = await runCli(["merge", one.dir, `${one.dir}/`, two.dir, "-o", "merged"], { cwd: dir });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(
      /^tunebench: merge: .* is given twice \(as .* too\): give each shard once\n$/,
    );
    writeFileSync(path.join(dir, "a-file"), "");
    const onFile = await runCli(["merge", one.dir, two.dir, "-o", "a-file"], { cwd: dir });
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toBe(
      "tunebench: --out: cannot write into a-file: it is a file; give a folder (created when missing)\n",
    );
    expect(existsSync(path.join(dir, "merged"))).toBe(false);
  });

  it("shards downloaded to other folders (CI artifacts) merge by path; an id not in run.outDir says where it looked", {
    timeout: 30_000,
  }, async () => {
    const { dir, config } = await project(4);
    // Each CI job's run folder, downloaded by the merge job under artifacts/, not under reports/.
    const one = await runSuites({ config, shard: { index: 1, count: 2 }, outDir: "artifacts/shard-1" });
    const two = await runSuites({ config, shard: { index: 2, count: 2 }, outDir: "artifacts/shard-2" });
    const byId = await runCli(["merge", one.runId, two.runId], { cwd: dir });
    expect(byId.code).toBe(2);
    expect(byId.stderr).toBe(
      `tunebench: merge: no run log at ${one.runId} or reports/${one.runId}: run ids are looked up in reports (run.outDir); give a shard's run folder or its trials.jsonl by its path (a downloaded artifact's too)\n`,
    );
    const rel = (runDir: string) => path.relative(dir, runDir);
    const byPath = await runCli(
      ["merge", rel(one.dir), `${rel(two.dir)}/trials.jsonl`, "--reporter", "json"],
      {
        cwd: dir,
      },
    );
    expect(byPath.code).toBe(0);
    expect(byPath.stderr).toMatch(/^merged 2 shards \(8 trials\) into .*artifacts\/shard-1\/[\w-]+\n/);
    const help = await runCli(["merge", "--help"], { cwd: dir });
    expect(help.stdout).toMatch(/run ids are looked up in the config's run\.outDir/);
    expect(help.stdout).toMatch(/tunebench merge artifacts\/shard-\*\/\* -o reports/);
  });

  it("refuses a shard count no run log can hold, before writing anything", async () => {
    const { dir } = await project(2);
    const cli = await runCli(["run", "--shard", "1/99999999999999999999"], { cwd: dir });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/--shard expects i\/n with 1 ≤ i ≤ n/);
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
  });
});
