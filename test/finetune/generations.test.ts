import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/analysis/index.js";
import { registerRunCommand } from "../../src/commands/run.js";
import { loadConfig } from "../../src/config/index.js";
import { openProject, planUpload, prepareTraining, startJob, waitForJob } from "../../src/finetune/index.js";
import { createReporters, emitReport, renderConsoleReport } from "../../src/report/index.js";
import { renderJunit, xmlEscape } from "../../src/report/reporters/junit.js";
import { canaryLine } from "../../src/report/rows.js";
import { runSuites } from "../../src/run/index.js";
import { runCli } from "../helpers/cli.js";
import { TICKETS, triageSuite } from "../helpers/project.js";
import { STYLE_SUITE, tuningProject, twoTaskProject } from "./project.js";

/** Prepares and tunes a model for `suites` on the simulator; returns its record. */
async function tune(dir: string, suites: string[]) {
  const config = path.join(dir, "eval.config.yaml");
  await prepareTraining({ config, suites, validShare: 0 });
  const project = await openProject(config, suites);
  await startJob(project, await planUpload(project, { simJobSeconds: 0.2 }));
  const outcome = await waitForJob(project);
  expect(outcome.job.status).toBe("succeeded");
  const record = JSON.parse(readFileSync(outcome.recordFile as string, "utf8"));
  return record as { jobId: string; model: string; trainingCost: number; suites: string[] };
}

const CASES = `cases:
  - { id: charged, input: "my card got billed two times for the plan", expect: { json: { category: billing } } }
  - { id: crash, input: "settings page makes the app crash on android", expect: { json: { category: bug } } }
  - { id: login, input: "can't log in since I changed my email", expect: { json: { category: account } } }
`;

/** 12 general questions the simulator's base model answers without being shown anything. */
const GENERAL = `name: canary
canary: true
task:
  system: Answer briefly, with just the answer.
cases:
${[
  ["paris", "What is the capital of France?", "Paris"],
  ["berlin", "What is the capital of Germany?", "Berlin"],
  ["rome", "What is the capital of Italy?", "Rome"],
  ["madrid", "What is the capital of Spain?", "Madrid"],
  ["tokyo", "What is the capital of Japan?", "Tokyo"],
  ["oslo", "What is the capital of Norway?", "Oslo"],
]
  .map(([id, input, answer]) => `  - { id: ${id}, input: "${input}", expect: { contains: ${answer} } }`)
  .concat(
    [
      [17, 25],
      [130, 270],
      [12, 30],
      [41, 8],
      [66, 33],
      [250, 250],
    ].map(
      ([a = 0, b = 0]) =>
        `  - { id: add-${a}-${b}, input: "What is ${a} + ${b}?", expect: { number: { value: ${a + b} } } }`,
    ),
  )
  .join("\n")}
`;

const withStrategies = (dir: string, strategies: string) =>
  writeFileSync(
    path.join(dir, "eval.config.yaml"),
    `suites: [suites/*.yaml]\nstrategies:\n${strategies}run: { concurrency: 4 }\n`,
  );

describe("a tuned model per task, and generations side by side", () => {
  it("two generations of one task compared case by case in one run: pairs, models and canary per model", async () => {
    const dir = tuningProject();
    const config = path.join(dir, "eval.config.yaml");
    const v1 = await tune(dir, ["triage"]);
    // The re-tune learned billing tickets wrong: the regression this comparison is for.
    const relabelled = TICKETS.map(
      ([input, label]) => [input, label === "billing" ? "account" : label] as const,
    );
    writeFileSync(path.join(dir, "suites/triage.yaml"), triageSuite(relabelled, CASES));
    const v2 = await tune(dir, ["triage"]);
    expect(v2.model).not.toBe(v1.model);
    withStrategies(
      dir,
      `  baseline: { endpoint: sim }
  tuned-v1: { type: tuned, endpoint: sim, records: [${v1.jobId}] }
  tuned-v2: { type: tuned, endpoint: sim, records: [${v2.jobId}] }
`,
    );
    const run = await runSuites({ config, cache: false });
    const report = await buildReport(run.dir, { loaded: await loadConfig(config) });

    const models = report.run.strategies.map((s) => [s.name, s.model]);
    expect(models).toEqual([
      ["baseline", "sim-base"],
      ["tuned-v1", v1.model],
      ["tuned-v2", v2.model],
    ]);
    const charged = [...report.cases].find((c) => c.suite === "triage" && c.caseId === "charged");
    expect(charged?.results.map((r) => [r.strategy, r.model, r.pass])).toEqual([
      ["baseline", "sim-base", expect.any(Boolean)],
      ["tuned-v1", v1.model, true],
      ["tuned-v2", v2.model, false],
    ]);
    // The two generations are a pair like any other: v2 broke what v1 got right.
    const pair = report.pairs.find(
      (p) => p.suite === "triage" && [p.candidate, p.reference].sort().join() === "tuned-v1,tuned-v2",
    );
    expect(pair?.n).toBe(3);
    const v2Broke = pair?.candidate === "tuned-v2" ? pair.broke : pair?.fixed;
    expect(v2Broke).toBe(1);
    // Each generation's training cost is its own; the canary suite ran against both.
    const rows = report.breakEven.rows.filter((r) => r.suite === "triage" && r.alternative === "baseline");
    expect(rows.map((r) => [r.tuned, r.model, r.trainingCost])).toEqual([
      ["tuned-v1", v1.model, v1.trainingCost],
      ["tuned-v2", v2.model, v2.trainingCost],
    ]);
    expect(report.canary.map((c) => [c.suite, c.strategy, c.model, c.reference])).toEqual([
      ["canary", "tuned-v1", v1.model, "baseline"],
      ["canary", "tuned-v2", v2.model, "baseline"],
    ]);
  }, 60_000);

  it("one model per task: each suite served and paid for by its own model, the canary checked per model", async () => {
    const dir = twoTaskProject();
    writeFileSync(path.join(dir, "suites/canary.yaml"), GENERAL);
    const config = path.join(dir, "eval.config.yaml");
    const triage = await tune(dir, ["triage"]);
    const style = await tune(dir, ["style"]);
    // A third task nobody tuned a model for: the tuned strategy skips it and says so.
    writeFileSync(path.join(dir, "suites/untuned.yaml"), STYLE_SUITE.replace("name: style", "name: untuned"));
    const warnings: string[] = [];
    const run = await runSuites({ config, cache: false, onWarning: (line) => warnings.push(line) });
    expect(warnings).toContain(
      "warning: strategy 'tuned' has no model tuned for untuned (tunebench tune start --suite NAME), so it skips their cases",
    );
    expect(run.header.strategies.find((s) => s.name === "tuned")?.suites).toEqual(["style", "triage"]);
    const report = await buildReport(run.dir, { loaded: await loadConfig(config) });
    const served = (suite: string, strategy: string) =>
      [...report.cases]
        .filter((c) => c.suite === suite)
        .flatMap((c) => c.results.filter((r) => r.strategy === strategy));
    expect(new Set(served("triage", "tuned").map((r) => r.model))).toEqual(new Set([triage.model]));
    expect(new Set(served("style", "tuned").map((r) => r.model))).toEqual(new Set([style.model]));
    // The canary suite: not the strategy itself, one check per model.
    expect(served("canary", "tuned")).toEqual([]);
    expect(new Set(served("canary", "tuned@triage").map((r) => r.model))).toEqual(new Set([triage.model]));
    expect(new Set(served("canary", "tuned@style").map((r) => r.model))).toEqual(new Set([style.model]));
    // Models in the order of the suites they serve (style, then triage).
    expect(report.canary.map((c) => [c.strategy, c.model, c.reference])).toEqual([
      ["tuned@style", style.model, "baseline"],
      ["tuned@triage", triage.model, "baseline"],
    ]);
    // What each model broke: the canary cases its untuned base passes and it fails (a simulated
    // tuned model forgets each general skill with probability 0.4, so 12 cases break some).
    for (const c of report.canary) {
      const broken = [...report.cases]
        .filter((x) => x.suite === "canary")
        .filter((x) => {
          const result = (name: string) => x.results.find((r) => r.strategy === name)?.pass;
          return result("baseline") === true && result(c.strategy) === false;
        })
        .map((x) => x.caseId);
      expect(c.broken, c.strategy).toEqual(broken);
      expect(c.cases).toBe(12);
    }
    expect(report.canary.some((c) => c.broken.length > 0)).toBe(true);

    const be = report.breakEven;
    expect(be.models.map((m) => [m.model, m.suites, m.trainingCost])).toEqual([
      [style.model, ["style"], style.trainingCost],
      [triage.model, ["triage"], triage.trainingCost],
    ]);
    expect(report.summary.groups.some((g) => g.suite === "canary" && g.strategy === "tuned")).toBe(false);
    const cost = (suite: string | null) =>
      be.rows.find((r) => r.suite === suite && r.alternative === "prompt")?.trainingCost;
    expect(cost("triage")).toBe(triage.trainingCost);
    expect(cost("style")).toBe(style.trainingCost);
    expect(cost(null)).toBeCloseTo(triage.trainingCost + style.trainingCost, 12);
    expect(triage.trainingCost).not.toBe(style.trainingCost);

    expect(served("untuned", "tuned")).toEqual([]);
    expect(report.decisions.find((d) => d.suite === "untuned")?.tuningText).toBe(
      "fine-tuning: not measured here (no tuned model serves untuned: tunebench tune start --suite untuned)",
    );
    const text = renderConsoleReport(report);
    expect(text).toContain(`tuned serves triage with ${triage.model} (job ${triage.jobId}; training $`);
    expect(text).toContain(`tuned serves style with ${style.model} (job ${style.jobId}; training $`);
    for (const c of report.canary) expect(text).toContain(canaryLine(c));
    // junit.xml: one testcase per tuned model on the canary suite, saying what it broke.
    const junit = renderJunit(report);
    for (const c of report.canary)
      expect(junit).toContain(
        `<testcase name="canary: ${c.strategy} (${c.model})" classname="tunebench.canary" time="0.000">`,
      );
    expect(junit).toContain(xmlEscape(canaryLine(report.canary[0] as (typeof report.canary)[number])));
    expect(text).toMatch(
      /canary: tuned@\w+ \(ft:sim-base:\S+\) broke \d+ of 12 cases that baseline \(sim-base\) passes: /,
    );
    // Resumed after losing the second half of its log, the run poses the same trials to the same
    // models (the canary checks come back with their strategy) and reports the same.
    const log = path.join(run.dir, "trials.jsonl");
    const lines = readFileSync(log, "utf8").trim().split("\n");
    writeFileSync(log, `${lines.slice(0, Math.ceil(lines.length / 2)).join("\n")}\n`);
    const resumed = await runSuites({ config, resume: run.runId, cache: false, onWarning: () => {} });
    expect(resumed.recorded).toBeGreaterThan(0);
    expect(resumed.done).toBe(run.total);
    const again = await buildReport(run.dir, { loaded: await loadConfig(config) });
    expect(again.canary).toEqual(report.canary);
    expect(again.breakEven.models).toEqual(be.models);
    const out = new PassThrough();
    out.resume();
    await emitReport(report, createReporters(["markdown", "html", "json"], { out, progress: null }), {
      dir: run.dir,
    });
    for (const file of ["report.md", "report.html", "report.json"]) {
      const page = readFileSync(path.join(run.dir, file), "utf8");
      expect(page, file).toContain(triage.model);
      expect(page, file).toContain(style.model);
      expect(page, file).toContain("tuned@triage");
    }
  }, 60_000);

  it("records that do not fit the run: one line naming the config key, exit 2", async () => {
    const dir = twoTaskProject();
    const triage = await tune(dir, ["triage"]);
    const again = await tune(dir, ["triage"]);
    const run = (...args: string[]) =>
      runCli([registerRunCommand], ["run", "-c", path.join(dir, "eval.config.yaml"), "--no-cache", ...args]);
    const cases: [string, string, RegExp][] = [
      [
        `  tuned-v1: { type: tuned, endpoint: sim, records: [${triage.jobId}] }\n`,
        "style",
        new RegExp(
          `eval\\.config\\.yaml:3:\\d+: strategies\\.tuned-v1\\.records: ${triage.jobId} was trained for triage: none for suite style; tune one \\(tunebench tune start --suite style\\) or leave the suite out of this run`,
        ),
      ],
      [
        `  tuned: { endpoint: sim, records: [${triage.jobId}, ${again.jobId}] }\n`,
        "triage",
        new RegExp(
          `strategies\\.tuned\\.records: ${triage.jobId} and ${again.jobId} both serve suite triage; keep one per strategy`,
        ),
      ],
      [
        `  tuned: { endpoint: sim, records: [ftjob-nope] }\n`,
        "triage",
        /records: no tuning job 'ftjob-nope' \(tunebench tune list: ftjob-/,
      ],
      [
        `  prompt: { endpoint: sim, records: [${triage.jobId}] }\n`,
        "triage",
        /eval\.config\.yaml:3:\d+: strategies\.prompt\.records: only a tuned strategy serves tuning records \(this one is prompt\)/,
      ],
      [
        `  tuned: { endpoint: sim, model: "ft:x", records: [${triage.jobId}] }\n`,
        "triage",
        /strategies\.tuned\.records: give model or records, not both/,
      ],
    ];
    for (const [strategies, suite, message] of cases) {
      withStrategies(dir, strategies);
      const result = await run("--suite", suite);
      expect(result.code, result.stderr).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    }
  }, 60_000);
});
