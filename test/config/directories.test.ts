// A directory where the user named a file (a case file, a dataset, notes, a suite, the config, a
// custom module) is said to be a directory, at the key that names it; never "not found".
import { mkdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { InputError, loadConfig, loadSuites } from "../../src/config/index.js";
import { loadCustomReporter } from "../../src/report/reporters/index.js";
import { loadScorers } from "../../src/scoring/custom.js";
import { runCli } from "../helpers/cli.js";
import { writeProject } from "../helpers/project.js";
import { CONFIG, SUITE } from "./fixtures.js";

/** A project whose `dirs` are directories; returns it and what `validate --config CONFIG` says. */
async function validate(files: Record<string, string>, dirs: string[], config = "eval.config.yaml") {
  const dir = writeProject({ "eval.config.yaml": CONFIG, ...files });
  for (const d of dirs) mkdirSync(path.join(dir, d), { recursive: true });
  const cli = await runCli([registerValidateCommand], ["validate", "--config", path.join(dir, config)]);
  return { dir, ...cli };
}

describe("a directory where a file belongs", () => {
  it("as a case file (named *.jsonl, or data/): file:line, exit 2", async () => {
    const named = await validate(
      { "suites/a.yaml": SUITE.replace("cases:\n", "cases:\n  - { file: data.jsonl }\n") },
      ["suites/data.jsonl"],
    );
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(
      /\/suites\/a\.yaml:7:13: cases\[0\]\.file: data\.jsonl is a directory, not a \.jsonl or \.csv file\n/,
    );
    const slash = await validate(
      { "suites/a.yaml": SUITE.replace("cases:\n", "cases:\n  - { file: data/ }\n") },
      ["suites/data"],
    );
    expect(slash.code).toBe(2);
    expect(slash.stderr).toMatch(
      /\/suites\/a\.yaml:7:13: cases\[0\]\.file: data\/ is a directory, not a \.jsonl or \.csv file\n/,
    );
  });

  it("as a dataset, notes or a suite file", async () => {
    const suite = SUITE.replace("  examples:", "  datasets: [extra.jsonl]\n  notes: [notes]\n  examples:");
    const { dir, code, stderr } = await validate(
      { "eval.config.yaml": 'suites: ["suites/*.yaml", more]\n', "suites/a.yaml": suite },
      ["suites/extra.jsonl", "suites/notes", "more"],
    );
    expect(code).toBe(2);
    const lines = stderr.trimEnd().split("\n");
    expect(lines.map((line) => line.replace(`${dir}/`, ""))).toEqual([
      "eval.config.yaml:1:27: suites[1]: more is a directory, not a YAML suite file; name its suites with a glob such as 'more/*.yaml'",
      "suites/a.yaml:4:14: task.datasets[0]: extra.jsonl is a directory, not a .jsonl or .csv file",
      "suites/a.yaml:5:11: task.notes[0]: notes is a directory, not a .md or .txt file; name its notes with a glob such as 'notes/*.md'",
      "3 problems in 2 files",
    ]);
  });

  it("as --suite, when no suite has that name", async () => {
    const dir = writeProject({ "eval.config.yaml": CONFIG, "suites/a.yaml": SUITE });
    const loaded = await loadConfig(path.join(dir, "eval.config.yaml"));
    const suites = path.join(dir, "suites");
    const error = await loadSuites(loaded, { only: [suites] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `--suite: ${suites} is a directory, not a suite name or a YAML suite file; give the suite's name or its file`,
    );
  });

  it("as the config file: one line naming it once, from validate and run alike", async () => {
    const { dir, code, stderr } = await validate({}, ["conf"], "conf");
    const conf = path.join(dir, "conf");
    const line = `tunebench: ${conf} is a directory, not a YAML config file; point --config at the file in it (${conf}/eval.config.yaml)\n`;
    expect([code, stderr]).toEqual([2, line]);
    const run = await runCli([registerRunCommand], ["run", "--config", conf]);
    expect([run.code, run.stderr]).toEqual([2, line]);
  });

  it("as a custom scorer or reporter module", async () => {
    const dir = writeProject({
      "eval.config.yaml": `${CONFIG}scorers: { polite: ./scorers/polite.mjs }\n`,
      "suites/a.yaml": SUITE,
    });
    mkdirSync(path.join(dir, "scorers/polite.mjs"), { recursive: true });
    const loaded = await loadConfig(path.join(dir, "eval.config.yaml"));
    await expect(loadScorers(loaded)).rejects.toThrow(
      /eval\.config\.yaml:2:20: scorers\.polite: module \.\/scorers\/polite\.mjs is a directory, not a JavaScript module file \(\.mjs, \.cjs or \.js\)$/,
    );
    await expect(loadCustomReporter(path.join(dir, "scorers/polite.mjs"), "cli")).rejects.toThrow(
      /^module .*polite\.mjs is a directory, not a JavaScript module file \(\.mjs, \.cjs or \.js\)$/,
    );
  });
});
