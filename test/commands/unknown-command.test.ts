import { describe, expect, test } from "vitest";
import { runCli } from "../reliability/cli.js";

// commander looks for --help before it looks at the command name, so `tunebench reprot --help`
// printed the top-level help and exited 0: a typo in a CI script passed. An unknown command is an
// error with "did you mean", with or without --help, at every level.
describe("unknown commands", { timeout: 30_000 }, () => {
  test.each([
    [
      ["reprot", "--help"],
      "unknown command 'reprot'; did you mean 'tunebench report'? (tunebench --help lists the commands)",
    ],
    [
      ["reprot"],
      "unknown command 'reprot'; did you mean 'tunebench report'? (tunebench --help lists the commands)",
    ],
    [
      ["--help", "valdate"],
      "unknown command 'valdate'; did you mean 'tunebench validate'? (tunebench --help lists the commands)",
    ],
    [
      ["help", "comapre"],
      "unknown command 'comapre'; did you mean 'tunebench compare'? (tunebench --help lists the commands)",
    ],
    [
      ["tune", "strat", "-h"],
      "unknown command 'strat'; did you mean 'tunebench tune start'? (tunebench tune --help lists the commands)",
    ],
    [["xyzzy"], "unknown command 'xyzzy' (tunebench --help lists the commands)"],
  ])("%j: one line, exit 2, no help", async (args, message) => {
    const result = await runCli(args);
    expect(result.stderr).toBe(`tunebench: ${message}\n`);
    expect(result.stdout).toBe("");
    expect(result.code).toBe(2);
  });

  test.each([[["run", "--help"]], [["help", "tune"]], [["tune", "start", "--help"]], [["--help"]]])(
    "%j still shows help, exit 0",
    async (args) => {
      const result = await runCli(args);
      expect(result.stdout).toMatch(/^Usage: tunebench/);
      expect(result.code).toBe(0);
    },
  );
});
