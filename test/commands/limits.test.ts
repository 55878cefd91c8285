import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { basicProject } from "../helpers/project.js";
import { runCli } from "../reliability/cli.js";

// `--concurrency 1e9` started a billion workers and ran out of memory after 40 s (exit 134). Every
// number flag is bounded like the config value it overrides: one line, exit 2, nothing written.
describe("number flags above their maximum", { timeout: 30_000 }, () => {
  const dir = basicProject();
  test.each([
    [["run", "--concurrency", "1e9"], /--concurrency expects a whole number from 1 to 1000, got "1e9"/],
    [["run", "--repeat", "1e6"], /--repeat expects a whole number from 1 to 1000, got "1e6"/],
    [["run", "--sim-latency", "1e9"], /--sim-latency expects a number from 0 to 600000, got "1e9"/],
    // Number() alone reads these as 16, 3 and 0.
    [["run", "--concurrency", "0x10"], /--concurrency expects a whole number from 1 to 1000, got "0x10"/],
    [["run", "--repeat", "0b11"], /--repeat expects a whole number from 1 to 1000, got "0b11"/],
    [["tune", "prepare", "--valid-share", " "], /--valid-share expects a number from 0 to 0.9, got " "/],
    [["tune", "estimate", "--epochs", "51"], /--epochs expects a whole number from 1 to 50, got "51"/],
    [["tune", "validate", "--max-tokens", "1e9"], /--max-tokens expects a whole number from 1 to 1000000/],
    [["tune", "prepare", "--seed", "3e9"], /--seed expects a whole number from 0 to 2147483647/],
    [
      ["tune", "start", "--batch-size", "1000"],
      /--batch-size expects "auto" or a whole number from 1 to 256/,
    ],
    [
      ["tune", "start", "--lr-multiplier", "1e6"],
      /--lr-multiplier expects "auto" or a number above 0 and up to 10/,
    ],
    [
      ["tune", "wait", "--sim-job-seconds", "1e9"],
      /--sim-job-seconds expects a number above 0 and up to 3600/,
    ],
  ])("%j: exit 2 with one line", async (args, message) => {
    const result = await runCli(args, { cwd: dir });
    expect(result.stderr.split("\n")[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(2);
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
  });

  test("run.concurrency: 1e9 in the config: file:line, exit 2, no run folder", async () => {
    const config = basicProject({
      "eval.config.yaml": "suites: [suites/*.yaml]\nrun: { concurrency: 1e9 }\n",
    });
    const result = await runCli(["run"], { cwd: config });
    expect(result.stderr).toBe(
      "eval.config.yaml:2:21: run.concurrency: must be at most 1000, got number 1000000000\n",
    );
    expect(result.code).toBe(2);
    expect(existsSync(path.join(config, "reports"))).toBe(false);
  });
});
