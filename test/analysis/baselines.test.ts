// The blessed baseline: `baseline set` + `run --baseline` compare with the blessed run however many
// runs came after; `--baseline latest` says which run it picked and warns when that run was
// degraded or failed a gate; `runs` lists them newest first; bad runs are refused with exit 2.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { baselineConcerns, isComplete, overviewOf } from "../../src/analysis/index.js";
import { registerBaselineCommand } from "../../src/commands/baseline.js";
import { registerReportCommand } from "../../src/commands/report.js";
import { registerRunCommand } from "../../src/commands/run.js";
import { registerRunsCommand } from "../../src/commands/runs.js";
import { BASELINE_FILE } from "../../src/project/index.js";
import { type RunResult, runSuites } from "../../src/run/index.js";
import { loadRun, type RunHeader } from "../../src/runlog/index.js";
import { runCli } from "../helpers/cli.js";
import { basicProject } from "../helpers/project.js";
import { fakeTrial } from "../helpers/trial.js";
import { headerOf } from "./fixtures.js";

const cli = (args: string[]) =>
  runCli([registerRunCommand, registerReportCommand, registerRunsCommand, registerBaselineCommand], args);

afterEach(() => {
  process.exitCode = undefined;
});

const reportOf = (stdout: string) => /Reports: (\S+) /.exec(stdout)?.[1] ?? "";
const baselineIdOf = (runDir: string) =>
  JSON.parse(readFileSync(path.join(runDir, "report.json"), "utf8")).baseline?.baselineRunId as string;

describe("a blessed baseline across later runs", () => {
  let dir: string;
  let config: string;
  let blessed: RunResult;
  let degraded: RunResult;

  beforeAll(async () => {
    dir = basicProject();
    config = path.join(dir, "eval.config.yaml");
    blessed = await runSuites({ config, runId: "20261101-090000-aaaa" });
    degraded = await runSuites({ config, runId: "20261102-090000-bbbb", sim: { degrade: 0.6 } });
  }, 60_000);

  it("records --sim-degrade and the planned trials in the run header", async () => {
    expect(degraded.header.plan?.sim.degrade).toBe(0.6);
    expect(blessed.header.plan?.sim.degrade).toBe(0);
    expect(blessed.header.planned).toBe(15);
    expect((await loadRun(blessed.dir)).header?.planned).toBe(15);
  });

  it("blesses a run into tunebench.baseline.json beside the config, and shows it", async () => {
    const set = await cli(["baseline", "set", blessed.runId, "-c", config]);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/^blessed 20261101-090000-aaaa in .*tunebench\.baseline\.json/);
    const record = JSON.parse(readFileSync(path.join(dir, BASELINE_FILE), "utf8"));
    expect(record).toMatchObject({
      schema: "tunebench.baseline/1",
      runId: blessed.runId,
      run: `reports/${blessed.runId}`,
    });
    const show = await cli(["baseline", "show", "-c", config]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(
      /^baseline: 20261101-090000-aaaa \(.*reports\/20261101-090000-aaaa\), blessed /,
    );
  });

  it("`run --baseline` compares with the blessed run, not the newest; `latest` names and warns", async () => {
    const viaLatest = await cli(["run", "-c", config, "--baseline", "latest", "--reporter", "console,json"]);
    expect(viaLatest.code, viaLatest.stderr).toBe(0);
    expect(viaLatest.stderr).toContain(`baseline: latest (the newest earlier run) ${degraded.runId} in `);
    expect(viaLatest.stderr).toMatch(
      new RegExp(
        `warning: baseline ${degraded.runId}: it was deliberately degraded \\(--sim-degrade 0\\.6\\); bless a sound run`,
      ),
    );
    expect(baselineIdOf(reportOf(viaLatest.stdout))).toBe(degraded.runId);

    // Two more runs after the blessing: still compared with the blessed one.
    const viaBlessed = await cli(["run", "-c", config, "--baseline", "--reporter", "console,json"]);
    expect(viaBlessed.code, viaBlessed.stderr).toBe(0);
    expect(viaBlessed.stderr).toContain(`baseline: the blessed run ${blessed.runId} in `);
    expect(viaBlessed.stderr).not.toContain("warning");
    expect(baselineIdOf(reportOf(viaBlessed.stdout))).toBe(blessed.runId);
    expect(viaBlessed.stdout).toContain(`Against baseline run ${blessed.runId}`);

    // `report --baseline` (no value) resolves the same record: the run compared with `latest`
    // before is now compared with the blessed run.
    const rerendered = await cli([
      "report",
      reportOf(viaLatest.stdout),
      "-c",
      config,
      "--baseline",
      "--reporter",
      "json",
    ]);
    expect(rerendered.code, rerendered.stderr).toBe(0);
    expect(baselineIdOf(reportOf(viaLatest.stdout))).toBe(blessed.runId);
  });

  it("`latest` warns about a run that failed a gate", async () => {
    const gated = path.join(dir, "gated.config.yaml");
    writeFileSync(gated, `${readFileSync(config, "utf8")}gates: { minPassRate: 1 }\n`);
    const failing = await cli(["run", "-c", gated, "--reporter", "json"]);
    expect(failing.code).toBe(1);
    const next = await cli(["run", "-c", config, "--baseline", "latest", "--reporter", "json"]);
    expect(next.stderr).toMatch(/warning: baseline \S+: it failed \d+ gates?; bless a sound run/);
  });

  it("`runs` lists every run newest first, one line each, the blessed one starred", async () => {
    const { code, stdout } = await cli(["runs", "-c", config]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    const runLines = lines.filter((l) => /^[★ ] \d{8}-/.test(l));
    expect(runLines).toHaveLength(6);
    expect(runLines.at(-1)).toMatch(
      /^★ 20261101-090000-aaaa {2}\d{4}-\d\d-\d\d \d\d:\d\d · suites triage · baseline \d+% prompt \d+% retrieval \d+% · \$[\d.]+ spent · no gates · SIMULATED$/,
    );
    expect(runLines.at(-2)).toMatch(/^ {2}20261102-090000-bbbb .* · SIMULATED, degraded 0\.6$/);
    expect(runLines.filter((l) => l.includes("gates FAIL"))).toHaveLength(1);
    const starts = runLines.map((l) => / (\d{4}-\d\d-\d\d \d\d:\d\d) /.exec(l)?.[1] ?? "");
    expect([...starts].sort().reverse()).toEqual(starts);
    expect(lines.at(-1)).toBe("★ = the blessed baseline (tunebench baseline show)");
  });

  it("refuses to bless a run that does not exist or is incomplete (exit 2), keeping the record", async () => {
    const before = readFileSync(path.join(dir, BASELINE_FILE), "utf8");
    const missing = await cli(["baseline", "set", "20261231-000000-ffff", "-c", config]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^tunebench: baseline set 20261231-000000-ffff: no run log at .*; list the runs with `tunebench runs`\n$/,
    );
    // A killed run: the header and 5 of its 15 planned trials.
    const killed = path.join(dir, "reports", "20261103-090000-cccc");
    const lines = readFileSync(path.join(blessed.dir, "trials.jsonl"), "utf8").split("\n").slice(0, 6);
    (await import("node:fs")).mkdirSync(killed, { recursive: true });
    writeFileSync(path.join(killed, "trials.jsonl"), `${lines.join("\n")}\n`);
    const incomplete = await cli(["baseline", "set", killed, "-c", config]);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(
      /the run is incomplete \(5 of 15 planned trials in its log\): finish it with `tunebench run --resume/,
    );
    expect(readFileSync(path.join(dir, BASELINE_FILE), "utf8")).toBe(before);
  });
});

describe("`--baseline` without a blessed run", () => {
  it("is one line naming how to bless one, exit 2, before any call", async () => {
    const dir = basicProject();
    const { code, stderr } = await cli(["run", "-c", path.join(dir, "eval.config.yaml"), "--baseline"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^tunebench: --baseline: no blessed run \(no .*tunebench\.baseline\.json\); bless one with `tunebench baseline set RUN`/,
    );
    expect(stderr.split("\n")).toHaveLength(2);
  });
});

describe("run overview (pure)", () => {
  const header = (extra: Partial<RunHeader> = {}) => headerOf(["prompt", "baseline"], ["demo"], extra);
  const trials = ["a", "b"].flatMap((caseId) =>
    ["prompt", "baseline"].map((strategy) => fakeTrial({ caseId, strategy, pass: strategy === "prompt" })),
  );
  const run = (h: RunHeader | null, t = trials, skippedLines = 0) => ({
    dir: "/r",
    source: "/r",
    header: h,
    trials: t,
    indexBuilds: [],
    judgments: [],
    skippedLines,
  });

  it("is complete when the log holds every planned trial", () => {
    expect(isComplete(run(header({ planned: 4 })))).toBe(true);
    expect(isComplete(run(header({ planned: 5 })))).toBe(false);
    expect(isComplete(run(header({ planned: 4 }), trials, 1))).toBe(false);
    expect(isComplete(run(null))).toBe(false);
    // Older logs without `planned`: every case seen is answered by every strategy.
    expect(isComplete(run(header()))).toBe(true);
    expect(isComplete(run(header(), trials.slice(1)))).toBe(false);
    expect(isComplete(run(header({ suites: ["demo", "other"] })))).toBe(false);
  });

  it("names every reason a comparison with the run may mislead", () => {
    const errored = [
      ...trials.slice(1),
      fakeTrial({
        caseId: "a",
        output: null,
        error: { kind: "server", status: 500, retryable: true, message: "boom" },
      }),
    ];
    const o = overviewOf(
      run(
        header({
          planned: 4,
          simulated: true,
          plan: { repeat: 1, sim: { latencyMs: 0, degrade: 0.3, seed: 0 }, configHashes: {}, suites: {} },
        }),
        errored,
      ),
      {
        gates: { minPassRate: 0.9 },
      },
    );
    expect(o.strategies).toEqual([
      { name: "prompt", passed: 1, answered: 1 },
      { name: "baseline", passed: 0, answered: 2 },
    ]);
    expect(baselineConcerns(o)).toEqual([
      "it was deliberately degraded (--sim-degrade 0.3)",
      // minPassRate on baseline, and the default maxErrorRate (1 of prompt's 2 calls failed).
      "it failed 2 gates",
      "1 of its 4 calls failed",
    ]);
    expect(baselineConcerns(overviewOf(run(header({ planned: 4 }))))).toEqual([]);
  });
});
