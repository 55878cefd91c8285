// `run --dry-run` with the flags a user combines it with: a resume is refused (its estimate would be
// of a whole new run), and nothing is written either way.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { registerRunCommand } from "../../src/commands/run.js";
import { runCli } from "../helpers/cli.js";
import { basicProject } from "../helpers/project.js";

afterEach(() => {
  process.exitCode = undefined;
});

describe("run --dry-run", () => {
  it("with --resume: one line, exit 2, nothing written", async () => {
    const dir = basicProject();
    const cli = await runCli(
      [registerRunCommand],
      ["run", "-c", path.join(dir, "eval.config.yaml"), "--dry-run", "--resume", "20261126-000000-abcd"],
    );
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe("tunebench: --dry-run estimates a new run: it does not take --resume\n");
    expect(cli.stdout).toBe("");
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
    expect(existsSync(path.join(dir, ".tunebench"))).toBe(false);
  });

  it("a negative run.maxCost is one problem: one line naming file:line, exit 2", async () => {
    const dir = basicProject();
    const config = path.join(dir, "eval.config.yaml");
    writeFileSync(config, readFileSync(config, "utf8").replace("run: {", "run: { maxCost: -1,"));
    for (const args of [["--dry-run"], []]) {
      const cli = await runCli([registerRunCommand], ["run", "-c", config, ...args]);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toMatch(
        /^[^\n]*eval\.config\.yaml:\d+:\d+: run\.maxCost: must be greater than 0, got number -1\n$/,
      );
    }
    expect(existsSync(path.join(dir, "reports"))).toBe(false);
  });
});
