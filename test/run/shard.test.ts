import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildReport, loadRun, type Report } from "../../src/index.js";
import { runSuites } from "../../src/run/index.js";
import { mergeRuns } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig, writeProject } from "../helpers/project.js";
import { hasBuild, runCli } from "../reliability/cli.js";
import { generatedProject, generatedSuite } from "../reliability/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function project(cases = 23, concurrency = 4) {
  sim = await startSimulator({ port: 0 });
  return generatedProject(
    simConfig(sim.url, `run: { concurrency: ${concurrency}, repeat: 2, cache: false }\n`),
    cases,
  );
}

/**
 * A report without what differs between two runs of one plan: ids, clocks, latencies, case order,
 * and the last bits of sums taken in another order.
 */
function comparable(report: Report): unknown {
  const strip = (value: unknown): unknown => {
    if (typeof value === "number") return Number(value.toPrecision(12));
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !/^(runId|generatedAt|startedAt|finishedAt|mergedFrom)$|latency/i.test(key))
        .map(([key, v]) => [key, strip(v)]),
    );
  };
  const cases = [...report.cases].sort((a, b) =>
    `${a.suite}/${a.caseId}/${a.repeat}`.localeCompare(`${b.suite}/${b.caseId}/${b.repeat}`),
  );
  return strip({ ...report, cases });
}

describe("run --shard i/n and tunebench merge", () => {
  it("shards split by case; merged, they report as the unsharded run does", { timeout: 30_000 }, async () => {
    const dir = await project();
    const config = path.join(dir, "eval.config.yaml");
    const whole = await runSuites({ config });
    const shards = [];
    for (const index of [1, 2, 3]) shards.push(await runSuites({ config, shard: { index, count: 3 } }));

    const caseSets = [];
    for (const s of shards) {
      const run = await loadRun(s.dir);
      expect(run.header?.shard).toMatchObject({ index: expect.any(Number), count: 3 });
      const cases = new Set(run.trials.map((t) => t.caseId));
      // Every strategy and repeat of a case is in its shard: 2 × 2 trials per case.
      expect(run.trials).toHaveLength(cases.size * 4);
      caseSets.push(cases);
    }
    // Dealt round-robin: 23 cases → 8, 8, 7; no case in two shards.
    expect(caseSets.map((c) => c.size)).toEqual([8, 8, 7]);
    expect(new Set(caseSets.flatMap((c) => [...c])).size).toBe(23);
    expect(shards.map((s) => s.total)).toEqual([32, 32, 28]);

    const merged = await mergeRuns(shards.map((s) => s.dir).reverse(), path.join(dir, "merged"));
    expect(merged.trials).toBe(92);
    const log = await loadRun(merged.dir);
    expect(log.header?.mergedFrom).toEqual(shards.map((s) => s.runId));
    expect(log.header?.shard).toBeUndefined();
    expect(new Set(log.trials.map((t) => t.runId))).toEqual(new Set([merged.runId]));

    const now = new Date("2026-11-25T00:00:00Z");
    const a = await buildReport(whole.dir, { now });
    const b = await buildReport(merged.dir, { now });
    expect(b.summary.totals.trials).toBe(92);
    expect(comparable(b)).toEqual(comparable(a));
  });

  it("the merged report lists the cases in the unsharded run's order", { timeout: 30_000 }, async () => {
    // One call at a time: each run meets its cases in plan order, so the orders can be compared.
    const dir = await project(10, 1);
    const config = path.join(dir, "eval.config.yaml");
    const whole = await runSuites({ config });
    const shards = [];
    for (const index of [1, 2, 3]) shards.push(await runSuites({ config, shard: { index, count: 3 } }));
    const merged = await mergeRuns(shards.map((s) => s.dir).reverse(), path.join(dir, "merged"));
    const order = async (runDir: string) =>
      [...(await buildReport(runDir)).cases].map((c) => `${c.suite}/${c.caseId}/${c.repeat}`);
    const expected = await order(whole.dir);
    expect(expected).toHaveLength(20);
    expect(await order(merged.dir)).toEqual(expected);
  });

  it("keeps the suite's case order when case ids are whole numbers", { timeout: 30_000 }, async () => {
    // A JS object lists keys that are whole numbers first, in number order: "2", "10", "b", "a".
    const ids = ["b", "10", "a", "2", "c", "1"];
    sim = await startSimulator({ port: 0 });
    const yaml = generatedSuite(ids.length).replace(
      /id: c(\d+)/g,
      (_, i: string) => `id: "${ids[Number(i)]}"`,
    );
    const dir = writeProject({
      "eval.config.yaml": simConfig(sim.url, "run: { concurrency: 1, cache: false }\n"),
      "suites/gen.yaml": yaml,
    });
    const config = path.join(dir, "eval.config.yaml");
    const whole = await runSuites({ config });
    const shards = [];
    for (const index of [1, 2]) shards.push(await runSuites({ config, shard: { index, count: 2 } }));
    const merged = await mergeRuns(
      shards.map((s) => s.dir),
      path.join(dir, "merged"),
    );
    const order = async (runDir: string) =>
      (await loadRun(runDir)).trials.map((t) => `${t.caseId}/${t.strategy}/${t.repeat}`);
    const expected = await order(whole.dir);
    expect(expected.filter((_, i) => i % 2 === 0).map((key) => key.split("/")[0])).toEqual(ids);
    expect(await order(merged.dir)).toEqual(expected);
    expect((await loadRun(merged.dir)).header?.plan?.suites.gen?.order).toEqual(ids);

    // A shard from before `order` (as every header whose keys keep the suite's order still is)
    // merges with one that has it: the same plan.
    expect((await loadRun(whole.dir)).header?.plan?.suites.gen?.order).toEqual(ids);
    for (const s of shards.slice(0, 1)) {
      const file = path.join(s.dir, "trials.jsonl");
      const [header, ...rest] = readFileSync(file, "utf8").split("\n");
      const older = JSON.parse(header as string);
      delete older.plan.suites.gen.order;
      writeFileSync(file, [JSON.stringify(older), ...rest].join("\n"));
    }
    const fromOlder = await mergeRuns(
      shards.map((s) => s.dir),
      path.join(dir, "merged"),
    );
    expect((await order(fromOlder.dir)).sort()).toEqual([...expected].sort());
    const plain = generatedProject(simConfig(sim.url, "run: { cache: false }\n"), 2);
    const plainRun = await loadRun((await runSuites({ config: path.join(plain, "eval.config.yaml") })).dir);
    expect(Object.keys(plainRun.header?.plan?.suites.gen ?? {})).toEqual(["file", "task", "cases"]);
  });

  it("a resumed shard keeps its shard", async () => {
    const dir = await project(10);
    const config = path.join(dir, "eval.config.yaml");
    const first = await runSuites({ config, shard: { index: 2, count: 2 } });
    const resumed = await runSuites({ config, resume: first.dir });
    expect(resumed.total).toBe(20);
    expect(resumed.recorded).toBe(0);
    await expect(runSuites({ config, resume: first.dir, shard: { index: 1, count: 2 } })).rejects.toThrow(
      /--shard 1\/2: run .* is shard 2\/2; resume it without --shard/,
    );
  });
});

describe.skipIf(!hasBuild)("bad shards: one line, exit 2, nothing written", () => {
  it("refuses --shard 3/2, 0/0 and words", { timeout: 30_000 }, async () => {
    const dir = await project(4);
    for (const value of ["3/2", "0/0", "1/0", "two", "1/2/3"]) {
      const cli = await runCli(["run", "--shard", value], { cwd: dir });
      expect(cli.code, value).toBe(2);
      expect(cli.stderr).toMatch(/--shard expects i\/n with 1 ≤ i ≤ n/);
    }
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
  });

  it("refuses to merge shards of different configs, overlapping, missing or unsharded runs", {
    timeout: 30_000,
  }, async () => {
    const dir = await project(6);
    const config = path.join(dir, "eval.config.yaml");
    const one = await runSuites({ config, shard: { index: 1, count: 2 } });
    const two = await runSuites({ config, shard: { index: 2, count: 2 } });
    const plain = await runSuites({ config });
    const again = await runSuites({ config, shard: { index: 1, count: 2 } });
    // The same plan but for one changed case: another plan.
    const suite = path.join(dir, "suites", "gen.yaml");
    writeFileSync(suite, readFileSync(suite, "utf8").replace("ticket 0:", "ticket zero:"));
    const changed = await runSuites({ config, shard: { index: 2, count: 2 } });
    const before = readdirSync(path.join(dir, "reports")).length;
    const cases: [string[], RegExp][] = [
      [[one.dir, changed.dir], /is a shard of another plan than/],
      [[one.dir, again.dir, two.dir], /overlapping shards: .* are both shard 1\/2/],
      [[one.dir], /shard 2\/2 missing: give all 2 shards/],
      [[one.dir, plain.dir], /is not a shard/],
      [[one.dir, path.join(dir, "nowhere")], /no run log at .*nowhere: run ids are looked up in reports/],
    ];
    for (const [runs, message] of cases) {
      const cli = await runCli(["merge", ...runs], { cwd: dir });
      expect(cli.code, String(message)).toBe(2);
      expect(cli.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(message)]);
    }
    expect(readdirSync(path.join(dir, "reports"))).toHaveLength(before);
    const ok = await runCli(["merge", one.dir, two.dir, "--reporter", "json"], { cwd: dir });
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/^merged 2 shards \(24 trials\) into /);
  });
});
