// `tunebench runs | head -1`: the reader closes the pipe after the first line. The CLI wrote the
// rest into a closed pipe and died of the unhandled EPIPE with a stack trace and exit code 1.
import { cpSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { runSuites } from "../../src/index.js";
import { basicProject } from "../helpers/project.js";
import { startCli } from "../reliability/cli.js";

describe("a reader that closes stdout early", { timeout: 60_000 }, () => {
  test("runs | head -1: no stack trace, the exit code of the command", async () => {
    const dir = basicProject();
    const run = await runSuites({ config: path.join(dir, "eval.config.yaml"), strategies: ["baseline"] });
    // Enough runs that the listing is written in many chunks, after the reader is gone.
    const many = path.join(dir, "many");
    for (let i = 0; i < 300; i++) cpSync(run.dir, path.join(many, `run-${i}`), { recursive: true });
    expect(readdirSync(many)).toHaveLength(300);

    const { child, finished } = startCli(["runs", "-o", many], { cwd: dir });
    child.stdout?.once("data", () => child.stdout?.destroy());
    const done = await finished;
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
  });
});
