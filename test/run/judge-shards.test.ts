// Judges with the scale features: a judged suite run in shards and merged reports as the same
// run unsharded does (pairwise judge, labelled answers, the retrieval index's embedding cost),
// and a suite whose cases come from a file is judged pairwise and against its labels too; a
// killed run resumed as printed grades its answers as often as it started to (--judge-repeat).
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Report } from "../../src/analysis/index.js";
import { runSuites } from "../../src/run/index.js";
import { judgmentKey, loadRun, mergeRuns } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { simConfig, writeProject } from "../helpers/project.js";
import { hasBuild, runCli } from "../reliability/cli.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

const REFUND = "您好！退款会在7个工作日内原路退回。祝您生活愉快！";
const ADDRESS = "您好！发货前可在「我的订单」修改收货地址。祝您生活愉快！";
const CASES = [
  {
    id: "refund",
    input: "When does my refund come back?",
    expect: { reference: REFUND },
    labels: [
      { answer: REFUND, label: "pass" },
      { answer: "7 days.", label: "fail" },
    ],
  },
  { id: "mars", input: "What is the weather on Mars?", tags: ["out-of-domain"], expect: { refusal: true } },
  {
    id: "address",
    input: "I want to change the delivery address.",
    expect: { reference: ADDRESS },
    labels: [{ answer: "您好！可以。祝您生活愉快！", label: 2 }],
  },
];

function suite(cases: string): string {
  return `name: tone
task:
  system: Answer in Chinese, open with 您好！ and close with 祝您生活愉快！
  notes: notes/*.md
  examples:
    - { input: How long does a refund take?, output: ${REFUND} }
    - { input: Can I change my delivery address?, output: ${ADDRESS} }
judge:
  rubric: Simplified Chinese, opens with "您好！", closes with "祝您生活愉快！", states the policy.
  pairwise: [[prompt, baseline], [retrieval, baseline]]
${cases}`;
}

/** A project on the simulator; each call writes another copy (its own index and caches). */
async function project(cases: string) {
  sim ??= await startSimulator({ port: 0 });
  const config = simConfig(
    sim.url,
    `  retrieval: { endpoint: s, model: sim-base, embedding: { endpoint: s, model: sim-embed }, topK: 1 }
judge: { endpoint: s, model: sim-judge }
run: { concurrency: 2, cache: false }
`,
  );
  const dir = writeProject({
    "eval.config.yaml": config,
    "suites/tone.yaml": suite(cases),
    "suites/notes/refunds.md": `# Refunds\n\n${REFUND}\n`,
    "suites/notes/address.md": `# Address\n\n${ADDRESS}\n`,
    "suites/cases.jsonl": `${CASES.map((c) => JSON.stringify(c)).join("\n")}\n`,
  });
  return { dir, config: path.join(dir, "eval.config.yaml") };
}

const inline = `cases:\n${CASES.map((c) => `  - ${JSON.stringify(c)}`).join("\n")}\n`;

async function reportOf(dir: string, runDir: string): Promise<Report> {
  const cli = await runCli(["report", runDir, "--reporter", "json"], { cwd: dir });
  expect(cli.code).toBe(0);
  return JSON.parse(readFileSync(path.join(runDir, "report.json"), "utf8")) as Report;
}

describe.skipIf(!hasBuild)("judges with shards and case files", () => {
  it("shards merged report the judge sections, judge costs and index cost of the unsharded run", {
    timeout: 60_000,
  }, async () => {
    const { dir, config } = await project(inline);
    // The unsharded run in a copy of the project: it builds the index as the shards' project does.
    const copy = await project(inline);
    const whole = await runSuites({ config: copy.config, outDir: path.join(dir, "whole") });
    const one = await runSuites({ config, shard: { index: 1, count: 2 }, outDir: path.join(dir, "s1") });
    const two = await runSuites({ config, shard: { index: 2, count: 2 }, outDir: path.join(dir, "s2") });
    // Each shard judges the labelled answers of its own cases: together, each label once.
    const labelled = async (runDir: string) =>
      (await loadRun(runDir)).judgments.filter((j) => j.kind === "labelled").length;
    expect((await labelled(one.dir)) + (await labelled(two.dir))).toBe(3);

    const merged = await mergeRuns([one.dir, two.dir], path.join(dir, "merged"));
    const [a, b] = [await loadRun(whole.dir), await loadRun(merged.dir)];
    const keys = (r: typeof a) => r.judgments.map((j) => judgmentKey(j)).sort();
    expect(keys(b)).toEqual(keys(a));
    expect(keys(a)).toHaveLength(3 + 4); // 3 labels; 2 answered cases × 2 pairs
    expect(b.judgments.every((j) => j.runId === merged.runId)).toBe(true);
    expect(b.indexBuilds.map((x) => [x.suite, x.strategy, x.tokens])).toEqual(
      a.indexBuilds.map((x) => [x.suite, x.strategy, x.tokens]),
    );

    const [ra, rb] = [await reportOf(dir, whole.dir), await reportOf(dir, merged.dir)];
    expect(rb.judging).toEqual(ra.judging);
    expect(rb.judging.pairwise.length).toBeGreaterThan(0);
    expect(rb.judging.agreement[0]?.human?.n).toBe(3);
    expect(rb.summary.totals.indexing).toEqual(ra.summary.totals.indexing);
    expect(rb.summary.totals.indexing.builds).toBe(1);
  });

  it("a suite whose cases come from a file is judged pairwise and against its labels", {
    timeout: 30_000,
  }, async () => {
    const { dir, config } = await project("cases: [{ file: cases.jsonl }]\n");
    const run = await runSuites({ config, outDir: path.join(dir, "runs") });
    const { judgments } = await loadRun(run.dir);
    expect(judgments.filter((j) => j.kind === "labelled")).toHaveLength(3);
    expect(judgments.filter((j) => j.kind === "pairwise")).toHaveLength(4);
  });

  it("a killed run with --judge-repeat resumes with it: every answer graded as often; shards must agree on it", {
    timeout: 30_000,
  }, async () => {
    const { dir, config } = await project(inline);
    const first = await runSuites({ config, judgeRepeat: 2, outDir: path.join(dir, "runs") });
    // Killed after its first two trials: the header and two trial lines are left.
    const file = path.join(first.dir, "trials.jsonl");
    const lines = readFileSync(file, "utf8").split("\n");
    writeFileSync(file, `${lines.slice(0, 3).join("\n")}\n`);
    await runSuites({ config, resume: first.dir }); // the printed resume command: no --judge-repeat
    const samples = (await loadRun(first.dir)).trials.flatMap((t) =>
      t.scores
        .filter((x) => x.scorer === "judge")
        .map((x) => ((x.details?.samples ?? []) as unknown[]).length),
    );
    expect(samples.length).toBeGreaterThan(2);
    expect(new Set(samples)).toEqual(new Set([2]));
    await expect(runSuites({ config, resume: first.dir, judgeRepeat: 3 })).rejects.toThrow(
      /--judge-repeat 3 contradicts run .*, recorded with --judge-repeat 2/,
    );

    const one = await runSuites({ config, shard: { index: 1, count: 2 }, judgeRepeat: 2 });
    const two = await runSuites({ config, shard: { index: 2, count: 2 } });
    await expect(mergeRuns([one.dir, two.dir], path.join(dir, "merged"))).rejects.toThrow(
      /is a shard of another plan than .*: their judge repeat counts differ; run every shard with the same suites, strategies, flags and config$/,
    );
  });
});
