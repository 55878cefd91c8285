import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, test } from "vitest";
import { registerValidateCommand } from "../../src/commands/validate.js";
import { runCli } from "../helpers/cli.js";
import { problemsOf, SUITE } from "./fixtures.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

const run = (config: string) => runCli([registerValidateCommand], ["validate", "--config", config]);

afterEach(() => {
  process.exitCode = undefined;
});

test("valid project: one summary line, exit 0; warnings on stderr do not fail it", async () => {
  const { stdout, stderr, code } = await run(path.join(root, "eval.config.yaml"));
  expect(stdout).toMatch(/^ok: 6 suites, \d+ cases, 4 strategies\n$/);
  // Only policy-handbook ships notes: retrieval has nothing to retrieve in the other five.
  // Said once for the whole project, not once per suite.
  expect(stderr).toMatch(
    /^warning: 5 suites have no task\.notes \([\w, -]+\), so strategy 'retrieval' retrieves nothing and answers without notes there\n$/,
  );
  expect(stderr).not.toMatch(/policy-handbook/);
  expect(code).toBe(0);
});

test("problems: one line each on stderr, exit 2", async () => {
  const { dir } = await problemsOf({
    "suites/a.yaml": SUITE.replace("contains: answer", "contians: answer").replace("id: one", "id: 'x y'"),
  });
  const { stdout, stderr, code } = await run(path.join(dir, "eval.config.yaml"));
  expect(stdout).toBe("");
  const lines = stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/a\.yaml:7:9: cases\[0\]\.id: use letters/);
  expect(lines[1]).toMatch(
    /a\.yaml:9:15: cases\[0\]\.expect\.contians: unknown key; did you mean 'contains'\?$/,
  );
  expect(lines[2]).toBe("2 problems in 1 file");
  expect(code).toBe(2);
});
