import path from "node:path";
import { describe, expect, test } from "vitest";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { MAX } from "../../src/config/limits.js";
import { runCli } from "../helpers/cli.js";
import { problemsOf, SUITE } from "./fixtures.js";

// A 50 MB suite (188k cases) took 2.7 GB of memory to validate: YAML parsed with line numbers
// holds about 80 bytes per byte of file. A YAML suite above the documented size is refused before
// it is parsed, with one line that says what to do.

/** The small valid suite, padded with comment lines to exactly `bytes`. */
function suiteOfSize(bytes: number): string {
  const line = `# ${"x".repeat(1021)}\n`; // 1 KiB
  const lines = Math.floor((bytes - SUITE.length) / line.length);
  const rest = bytes - SUITE.length - lines * line.length;
  const text = SUITE + line.repeat(lines) + (rest > 0 ? `#${"y".repeat(rest - 2)}\n` : "");
  expect(Buffer.byteLength(text)).toBe(bytes);
  return text;
}

describe("YAML suite size limit", { timeout: 30_000 }, () => {
  test("one byte over the limit: refused with one problem naming the file", async () => {
    const { problems } = await problemsOf({ "suites/a.yaml": suiteOfSize(MAX.yamlSuiteBytes + 1) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 0, path: "" });
    expect(problems[0]?.file).toMatch(/suites\/a\.yaml$/);
    expect(problems[0]?.message).toBe(
      "suite is 5.1 MB; YAML suites are limited to 5 MB: put large case sets in a JSONL file",
    );
  });

  test("at the limit: accepted", async () => {
    const { problems } = await problemsOf({ "suites/a.yaml": suiteOfSize(MAX.yamlSuiteBytes) });
    expect(problems).toEqual([]);
  });

  test("tunebench validate: one line with the sizes, exit 2", async () => {
    const { dir } = await problemsOf({ "suites/a.yaml": suiteOfSize(12 * 1024 * 1024) });
    const { stderr, code } = await runCli(
      [registerValidateCommand],
      ["validate", "--config", path.join(dir, "eval.config.yaml")],
    );
    expect(stderr).toMatch(
      /suites\/a\.yaml: suite is 12 MB; YAML suites are limited to 5 MB: put large case sets in a JSONL file\n1 problem in 1 file\n$/,
    );
    expect(code).toBe(2);
  });
});
