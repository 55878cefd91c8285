// A suite gate naming no suite would never fire: not only `validate` but also `run`, `report` and
// `compare` stop with exit 2 and the same one-line problem.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { registerCompareCommand } from "../../src/commands/compare.js";
import { registerReportCommand } from "../../src/commands/report.js";
import { registerRunCommand } from "../../src/commands/run.js";
import { ConfigError, loadConfig, loadSuites, validateProject } from "../../src/config/index.js";
import { runCli } from "../helpers/cli.js";
import { fakeTrial } from "../helpers/trial.js";
import { CONFIG, project, SUITE } from "./fixtures.js";

const TYPO = `${CONFIG}suiteGates:\n  dmeo: { minPassRate: 0.9 }\n`;
const PROBLEM = "eval.config.yaml:3:3: suiteGates.dmeo: no suite named 'dmeo'; did you mean 'demo'?";

const cli = (args: string[]) =>
  runCli([registerRunCommand, registerReportCommand, registerCompareCommand], args);

afterEach(() => {
  process.exitCode = undefined;
});

describe("suiteGates naming no suite", () => {
  test("loadSuites reports it, with a did-you-mean hint", async () => {
    const dir = await project({ "eval.config.yaml": TYPO, "suites/a.yaml": SUITE });
    const loaded = await loadConfig(path.join(dir, "eval.config.yaml"));
    const error = await loadSuites(loaded).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        file: path.join(dir, "eval.config.yaml"),
        line: 3,
        column: 3,
        path: "suiteGates.dmeo",
        message: "no suite named 'dmeo'; did you mean 'demo'?",
      },
    ]);
  });

  test("a gate for a suite this run leaves out is fine", async () => {
    const dir = await project({
      "eval.config.yaml": `${CONFIG}suiteGates:\n  other: { minPassRate: 0.9 }\n`,
      "suites/a.yaml": SUITE,
      "suites/b.yaml": SUITE.replace("name: demo", "name: other"),
    });
    const loaded = await loadConfig(path.join(dir, "eval.config.yaml"));
    expect((await loadSuites(loaded, { only: ["demo"] })).map((s) => s.name)).toEqual(["demo"]);
  });

  test("validate reports it once", async () => {
    const dir = await project({ "eval.config.yaml": TYPO, "suites/a.yaml": SUITE });
    const { problems } = await validateProject(path.join(dir, "eval.config.yaml"));
    expect(problems.map((p) => p.path)).toEqual(["suiteGates.dmeo"]);
  });

  test("run, report and compare exit 2 with the problem", async () => {
    const dir = await project({ "eval.config.yaml": TYPO, "suites/a.yaml": SUITE });
    const config = path.join(dir, "eval.config.yaml");
    const runDir = path.join(dir, "reports", "r1");
    mkdirSync(runDir, { recursive: true });
    writeFileSync(path.join(runDir, "trials.jsonl"), `${JSON.stringify(fakeTrial({ suite: "demo" }))}\n`);
    for (const args of [
      ["run", "-c", config, "--reporter", "json"],
      ["report", runDir, "-c", config, "--reporter", "json"],
      ["compare", runDir, runDir, "-c", config],
    ]) {
      const { stderr, code } = await cli(args);
      expect({ command: args[0], code }).toEqual({ command: args[0], code: 2 });
      expect(stderr).toContain(PROBLEM);
    }
  });
});
