import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { basicProject } from "../helpers/project.js";
import { runCli } from "../reliability/cli.js";

// `--strategy promt` was blamed on eval.config.yaml:1:1 with no suggestion, `--suite triag` on the
// config file: a mistake on the command line names the option and the nearest valid name.
describe("--strategy and --suite with a name the config does not know", { timeout: 30_000 }, () => {
  const dir = basicProject();
  test.each([
    [
      ["run", "--strategy", "baseline,promt"],
      "--strategy: unknown strategy 'promt'; did you mean 'prompt'? (strategies: baseline, prompt, retrieval, tuned)",
    ],
    [["run", "-s", "triag"], "--suite: unknown suite 'triag'; did you mean 'triage'? (suites: triage)"],
    [["run", "--suite", "zzz"], "--suite: unknown suite 'zzz' (suites: triage)"],
  ])("%j: one line naming the option, exit 2, nothing run", async (args, message) => {
    const result = await runCli(args, { cwd: dir });
    expect(result.stderr).toBe(`tunebench: ${message}\n`);
    expect(result.code).toBe(2);
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
  });
});
