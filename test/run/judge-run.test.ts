// A style suite graded by a judge, by similarity, pairwise and against human labels, run end to
// end on the simulator: what the log keeps, what the report shows, and what judging cost apart.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Report } from "../../src/analysis/index.js";
import { registerRunCommand } from "../../src/commands/run.js";
import { rescoreRun } from "../../src/run/index.js";
import { type LabelJudgment, loadRun, type PairJudgment } from "../../src/runlog/index.js";
import { type RunningSimulator, startSimulator } from "../../src/sim/index.js";
import { runCli } from "../helpers/cli.js";
import { simConfig, writeProject } from "../helpers/project.js";

let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});
const chatRequests = () => sim?.stats.byRoute["POST /v1/chat/completions"] ?? 0;

const REFUND = "您好！退款会在7个工作日内原路退回。祝您生活愉快！";
const ADDRESS = "您好！发货前可在「我的订单」修改收货地址。祝您生活愉快！";
const STYLE_SUITE = `name: tone
task:
  system: Answer in Chinese, open with 您好！ and close with 祝您生活愉快！
  examples:
    - { input: How long does a refund take?, output: ${REFUND} }
    - { input: Can I change my delivery address?, output: ${ADDRESS} }
judge:
  rubric: Simplified Chinese, opens with "您好！", closes with "祝您生活愉快！", states the policy.
  pairwise: [[prompt, baseline]]
cases:
  - id: refund
    input: When does my refund come back?
    expect: { reference: ${REFUND}, similar: { min: 0.5 } }
    labels:
      - { answer: "${REFUND}", label: pass }
      - { answer: "7 days.", label: fail }
  - id: address
    input: I want to change the delivery address.
    expect: { reference: ${ADDRESS}, similar: { min: 0.5 } }
    labels: [{ answer: "您好！可以。祝您生活愉快！", label: 2 }]
  - id: mars
    input: What is the weather on Mars?
    tags: [out-of-domain]
    expect: { refusal: true }
`;

async function project() {
  sim = await startSimulator({ port: 0 });
  return writeProject({
    "eval.config.yaml": simConfig(
      sim.url,
      "judge: { endpoint: s, model: sim-judge }\nrun: { concurrency: 2 }\n",
    ),
    "suites/tone.yaml": STYLE_SUITE,
  });
}

describe("a style suite graded by a judge and by similarity, on the simulator", () => {
  it("logs every judge's prompt, answer and grade, judges pairs and labels, and keeps the cost apart", async () => {
    const dir = await project();
    const cli = await runCli(
      [registerRunCommand],
      ["run", "-c", path.join(dir, "eval.config.yaml"), "--reporter", "console,json"],
    );
    expect(cli.code).toBe(0);
    for (const heading of ["Graded scores", "Pairwise judge", "Judge reliability", "Evaluation cost"])
      expect(cli.stdout).toContain(heading);

    const runDir = path.join(dir, "reports", readdirSync(path.join(dir, "reports"))[0] as string);
    const run = await loadRun(runDir);
    const answered = run.trials.filter((t) => t.caseId !== "mars");
    for (const t of answered) {
      const judge = t.scores.find((s) => s.scorer === "judge");
      expect(judge?.details, `${t.strategy}/${t.caseId}`).toMatchObject({
        endpoint: "s",
        model: "sim-judge",
      });
      const samples = judge?.details?.samples as { raw: string; score: number; reason: string }[];
      const sample = samples[0];
      expect(JSON.parse(sample?.raw ?? "")).toEqual({ score: sample?.score, reason: sample?.reason });
      expect(judge?.cost?.calls).toBe(1);
      expect(t.scores.find((s) => s.scorer === "similar")?.reason).toMatch(/^similarity [\d.]+ [≥<] 0\.5/);
    }
    // The probe is judged on refusing alone.
    expect(
      run.trials.filter((t) => t.caseId === "mars").flatMap((t) => t.scores.map((s) => s.scorer)),
    ).not.toContain("judge");
    // The few-shot answers copy the house style; the zero-shot ones do not.
    const grade = (strategy: string) =>
      answered
        .filter((t) => t.strategy === strategy)
        .map((t) => t.scores.find((s) => s.scorer === "judge")?.pass);
    expect(grade("prompt")).toEqual([true, true]);
    expect(grade("baseline")).toEqual([false, false]);

    const pairs = run.judgments.filter((j): j is PairJudgment => j.kind === "pairwise");
    expect(pairs).toHaveLength(2);
    for (const p of pairs) {
      expect(p.votes.map((v) => v.first)).toEqual(["prompt", "baseline"]);
      expect(p).toMatchObject({ outcome: "win", consistent: true });
    }
    const labels = run.judgments.filter((j): j is LabelJudgment => j.kind === "labelled");
    expect(labels.map((l) => [l.caseId, l.humanPass, l.score.pass])).toEqual(
      expect.arrayContaining([
        ["refund", true, true],
        ["refund", false, false],
        ["address", false, true],
      ]),
    );

    const report = JSON.parse(readFileSync(path.join(runDir, "report.json"), "utf8")) as Report;
    for (const g of report.summary.groups) {
      const trials = run.trials.filter((t) => t.strategy === g.strategy);
      const strategyCost = trials.reduce((sum, t) => sum + (t.cost.total ?? 0), 0) / trials.length;
      // $/call is the strategy's alone; the judge's calls are the evaluation's.
      expect(g.cost.perCall).toBeCloseTo(strategyCost, 12);
      expect(g.evaluation.calls).toBe(2);
      expect(g.evaluation.total).toBeGreaterThan(0);
    }
    const { cost } = report.judging;
    expect(cost.pairwise.calls).toBe(4);
    expect(cost.labelled.calls).toBe(3);
    expect(cost.total.calls).toBe(cost.scorers.calls + 7);
    // 3 labelled answers, the judge differs on one: observed 2/3, chance 1/3·2/3 + 2/3·1/3 = 4/9,
    // κ = (2/3 − 4/9)/(1 − 4/9) = 0.4: below 0.6, so the report warns.
    expect(report.judging.agreement[0]?.human).toMatchObject({ n: 3, disagreements: ["address#1"] });
    expect(report.judging.agreement[0]?.human?.kappa).toBeCloseTo(0.4, 12);
    expect(report.judging.warnings.join("\n")).toMatch(
      /tone: the judge agrees with the human labels at κ 0\.40/,
    );
    const judgeRows = report.judging.grades.filter((g) => g.scorer === "judge");
    expect(judgeRows.map((g) => [g.strategy, g.scale, g.passRate])).toEqual([
      ["baseline", [1, 5], 0],
      ["prompt", [1, 5], 1],
    ]);
    expect(report.pairs[0]?.graded.map((g) => g.scorer)).toEqual(["judge", "similar"]);
  });

  it("a resumed run judges only what its log does not hold yet", async () => {
    const dir = await project();
    const config = path.join(dir, "eval.config.yaml");
    await runCli([registerRunCommand], ["run", "-c", config, "--reporter", "json", "--no-cache"]);
    const runDir = path.join(dir, "reports", readdirSync(path.join(dir, "reports"))[0] as string);
    const lines = () => readFileSync(path.join(runDir, "trials.jsonl"), "utf8").trim().split("\n");
    const before = { lines: lines().length, calls: chatRequests() };
    const resumed = await runCli(
      [registerRunCommand],
      ["run", "-c", config, "--resume", runDir, "--reporter", "json", "--no-cache"],
    );
    expect(resumed.code).toBe(0);
    expect(lines()).toHaveLength(before.lines);
    expect(chatRequests()).toBe(before.calls);
  });

  it("rescore judges again from the response cache: no model call, the same grades", async () => {
    const dir = await project();
    await runCli(
      [registerRunCommand],
      ["run", "-c", path.join(dir, "eval.config.yaml"), "--reporter", "json"],
    );
    const before = chatRequests();
    const runDir = path.join(dir, "reports", readdirSync(path.join(dir, "reports"))[0] as string);
    const result = await rescoreRun({ run: runDir, config: path.join(dir, "eval.config.yaml") });
    expect(chatRequests()).toBe(before);
    const [original, rescored] = [await loadRun(runDir), await loadRun(result.dir)];
    const grades = (r: typeof original) =>
      r.trials.map((t) => t.scores.map((s) => [s.scorer, s.pass, s.score]));
    expect(grades(rescored)).toEqual(grades(original));
    expect(rescored.judgments).toHaveLength(original.judgments.length);
  });
});

describe("the shipped style suite (what `npm start` runs)", () => {
  it("shows judge and similarity scores per strategy, the pairwise judge and the evaluation cost apart, SIMULATED", async () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    // A copy, so the run's caches and reports stay out of the repository.
    const dir = writeProject({
      "eval.config.yaml": readFileSync(path.join(root, "eval.config.yaml"), "utf8"),
      "suites/zh-support-style.yaml": readFileSync(path.join(root, "suites/zh-support-style.yaml"), "utf8"),
    });
    const cli = await runCli(
      [registerRunCommand],
      ["run", "-c", path.join(dir, "eval.config.yaml"), "--reporter", "console"],
    );
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^SIMULATED: /);
    for (const strategy of ["baseline", "prompt", "retrieval"])
      for (const scorer of ["judge", "similar"])
        expect(cli.stdout).toMatch(new RegExp(`zh-support-style │ ${strategy} +│ ${scorer} +│ 15 +│`));
    expect(cli.stdout).toMatch(/zh-support-style │ prompt +│ judge +│ 15 +│ 5\.0\/5/);
    expect(cli.stdout).toMatch(
      /zh-support-style │ prompt vs baseline │ sim\/sim-judge │ 15 +│ 15 +│ 0 +│ 0 +│ 100%/,
    );
    expect(cli.stdout).toMatch(/judge–human agreement κ 0\.72 on 7 labelled answers/);
    expect(cli.stdout).toMatch(/\$[\d.]+ spent \(\+ \$[\d.]+ evaluation cost: judges and embeddings\)/);
    expect(cli.stdout).toMatch(
      /^Evaluation cost \(judges and embeddings, not part of any strategy's \$\/call\): \$[\d.]+ spent on \d+ calls/m,
    );
  });
});
