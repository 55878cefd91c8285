// End to end against the simulator with the shipped example suites: a normal run, then a run with
// a deliberately degraded model, which must fail the regression gate and name the broken cases.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../src/analysis/index.js";
import { registerCompareCommand } from "../../src/commands/compare.js";
import { registerReportCommand } from "../../src/commands/report.js";
import { registerRunCommand } from "../../src/commands/run.js";
import { loadConfig } from "../../src/config/index.js";
import { createReporters, emitReport, REPORT_FILES } from "../../src/report/index.js";
import { type RunResult, runSuites } from "../../src/run/index.js";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/suite.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

function project(gates = "gates:\n  maxRegressions: 0\n"): string {
  const dir = tempDir("tunebench-degraded-");
  cpSync(path.join(root, "suites"), path.join(dir, "suites"), { recursive: true });
  writeFileSync(
    path.join(dir, "eval.config.yaml"),
    `suites: [suites/*.yaml]\nrun: { concurrency: 16 }\n${gates}`,
  );
  return dir;
}

const cli = (args: string[]) =>
  runCli([registerRunCommand, registerReportCommand, registerCompareCommand], args);

afterEach(() => {
  process.exitCode = undefined;
});

/**
 * Run folders oldest first, by the start time in their header: two runs started in the same
 * second have ids that sort by their random suffix.
 */
function runsInOrder(runs: string): string[] {
  const started = (name: string) =>
    Date.parse(
      JSON.parse(readFileSync(path.join(runs, name, "trials.jsonl"), "utf8").split("\n")[0] ?? "{}")
        .startedAt,
    );
  return readdirSync(runs).sort((a, b) => started(a) - started(b));
}

describe("a degraded model against the example suites (library)", () => {
  let dir: string;
  let first: RunResult;
  let second: RunResult;

  beforeAll(async () => {
    dir = project();
    const config = path.join(dir, "eval.config.yaml");
    first = await runSuites({ config, runId: "run-1" });
    second = await runSuites({ config, runId: "run-2", sim: { degrade: 0.3 } });
  }, 120_000);

  it("fails maxRegressions, naming the cases that broke", async () => {
    const loaded = await loadConfig(path.join(dir, "eval.config.yaml"));
    const report = await buildReport(second.dir, { loaded, baseline: first.dir });
    expect(report.baseline?.baselineRunId).toBe("run-1");
    expect(report.baseline?.totals.regressions).toBeGreaterThan(0);
    expect(report.gates.passed).toBe(false);
    const failed = report.gates.results.filter((r) => r.status === "fail");
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(r.gate).toBe("maxRegressions");
      expect(r.cases.length).toBe(r.measured);
      expect(r.message).toMatch(
        /^FAIL gate maxRegressions on [a-z-]+\/[a-z]+: measured \d+ > threshold 0; broke: /,
      );
      for (const c of r.cases) expect(r.message).toContain(c.caseId);
    }
    // Every case the gate names really passed before and fails now.
    const byKey = (trials: typeof report.cases) =>
      new Map(
        [...trials].flatMap((c) =>
          c.results.map((x) => [`${c.suite}/${x.strategy}/${c.caseId}`, x.pass] as const),
        ),
      );
    const before = byKey((await buildReport(first.dir)).cases);
    const now = byKey(report.cases);
    for (const r of failed)
      for (const c of r.cases) {
        expect(before.get(`${r.suite}/${r.strategy}/${c.caseId}`)).toBe(true);
        expect(now.get(`${r.suite}/${r.strategy}/${c.caseId}`)).toBe(false);
      }
    // The canary suite is reported apart.
    expect(report.baseline?.groups.some((g) => g.canary && g.suite === "canary-general")).toBe(true);
  });

  it("passes the same gate against itself, and writes every report file", async () => {
    const loaded = await loadConfig(path.join(dir, "eval.config.yaml"));
    const report = await buildReport(first.dir, { loaded, baseline: first.dir });
    expect(report.gates.passed).toBe(true);
    expect(report.baseline?.totals.regressions).toBe(0);
    await emitReport(report, createReporters(["json", "markdown", "junit", "html"]), { dir: first.dir });
    for (const file of Object.values(REPORT_FILES))
      expect(existsSync(path.join(first.dir, file as string))).toBe(true);
    const html = readFileSync(path.join(first.dir, "report.html"), "utf8");
    expect(html.length).toBeLessThan(400_000);
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe("the CLI: run --baseline latest, compare, report", () => {
  let dir: string;
  let runs: string;

  beforeAll(() => {
    dir = project();
    runs = path.join(dir, "reports");
  });

  it("run writes summary.json, report.json, report.md, junit.xml and report.html; the baseline gates are skipped with a note", async () => {
    const { stdout, code } = await cli(["run", "--config", path.join(dir, "eval.config.yaml")]);
    expect(code).toBe(0);
    const [runDir] = readdirSync(runs);
    expect(readdirSync(path.join(runs, runDir as string)).sort()).toEqual(
      ["junit.xml", "report.html", "report.json", "report.md", "summary.json", "trials.jsonl"].sort(),
    );
    expect(stdout).toContain("Decisions:\n  canary-general (canary)\n    use baseline");
    expect(stdout).toContain("  ticket-triage\n    use prompt: best pass rate");
    expect(stdout).toContain("note: skipped maxRegressions: no baseline run");
  }, 60_000);

  it("a degraded second run with --baseline latest exits 1 and names the broken cases", async () => {
    const { stdout, code } = await cli([
      "run",
      "--config",
      path.join(dir, "eval.config.yaml"),
      "--sim-degrade",
      "0.3",
      "--baseline",
      "latest",
      "--reporter",
      "console,markdown",
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /FAIL gate maxRegressions on ticket-triage\/prompt: measured \d+ > threshold 0; broke: /,
    );
    expect(stdout).toMatch(/broke in ticket-triage\/prompt: /);
    expect(stdout).toMatch(/gates: \d+ of \d+ failed\n$/);
    const newest = runsInOrder(runs).at(-1) as string;
    expect(readdirSync(path.join(runs, newest)).sort()).toEqual([
      "report.md",
      "summary.json",
      "trials.jsonl",
    ]);
    expect(readFileSync(path.join(runs, newest, "report.md"), "utf8")).toContain("## Against baseline run");
  }, 60_000);

  it("compare BASELINE CANDIDATE prints the comparison, writes nothing, exits 1", async () => {
    const [older, newer] = runsInOrder(runs);
    const before = readdirSync(path.join(runs, newer as string)).sort();
    const { stdout, code } = await cli([
      "compare",
      path.join(runs, older as string),
      path.join(runs, newer as string),
      "--config",
      path.join(dir, "eval.config.yaml"),
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain(`Against baseline run ${older}`);
    expect(stdout).toContain("FAIL gate maxRegressions");
    expect(stdout).not.toContain("Decisions:");
    expect(readdirSync(path.join(runs, newer as string)).sort()).toEqual(before);
    // The same run against itself: nothing broke.
    const same = await cli([
      "compare",
      path.join(runs, older as string),
      path.join(runs, older as string),
      "-c",
      path.join(dir, "eval.config.yaml"),
    ]);
    expect(same.code).toBe(0);
  }, 60_000);

  it("report re-renders from the log alone; --baseline latest picks the earlier run", async () => {
    const [, newer] = runsInOrder(runs);
    const target = path.join(runs, newer as string);
    const plain = await cli([
      "report",
      target,
      "--config",
      path.join(dir, "eval.config.yaml"),
      "--reporter",
      "html",
    ]);
    expect(plain.code).toBe(0);
    expect(existsSync(path.join(target, "report.html"))).toBe(true);
    const gated = await cli([
      "report",
      target,
      "-c",
      path.join(dir, "eval.config.yaml"),
      "--baseline",
      "latest",
      "--reporter",
      "console",
    ]);
    expect(gated.code).toBe(1);
    expect(gated.stdout).toContain("FAIL gate maxRegressions");
    // Without the console reporter, the failed gates still go to stderr.
    const quiet = await cli([
      "report",
      target,
      "-c",
      path.join(dir, "eval.config.yaml"),
      "--baseline",
      "latest",
      "--reporter",
      "json",
    ]);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toBe("");
    // First which run `latest` picked, then the failed gates.
    const [older] = runsInOrder(runs);
    expect(quiet.stderr).toMatch(
      new RegExp(
        `^baseline: latest \\(the newest earlier run\\) ${older} in .*\nFAIL gate maxRegressions on `,
      ),
    );
  }, 60_000);

  it("bad input exits 2 with one line", async () => {
    const missing = await cli(["report", path.join(dir, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^tunebench: \S*nope does not exist; give a run folder/);
    const [older] = runsInOrder(runs);
    const badBaseline = await cli(["compare", path.join(dir, "nope"), path.join(runs, older as string)]);
    expect(badBaseline.code).toBe(2);
    await expect(
      cli(["run", "--config", path.join(dir, "eval.config.yaml"), "--reporter", "pdf"]),
    ).rejects.toThrow(/unknown reporter "pdf"/);
    const emptyDir = tempDir("tunebench-empty-");
    const noEarlier = await cli([
      "run",
      "--config",
      path.join(dir, "eval.config.yaml"),
      "-o",
      emptyDir,
      "--baseline",
      "latest",
    ]);
    expect(noEarlier.code).toBe(2);
    expect(noEarlier.stderr).toContain("--baseline latest: no earlier run in");
  });
});
