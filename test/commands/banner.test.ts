import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { SIMULATED_BANNER } from "../../src/analysis/index.js";
import { ConsoleReporter, runSuites } from "../../src/index.js";
import { basicProject } from "../helpers/project.js";
import { runCli } from "../reliability/cli.js";

const count = (text: string) => text.split(SIMULATED_BANNER).length - 1;

// `tunebench run` printed the banner at the start (the progress) and again atop the report.
describe("the SIMULATED banner is printed once", { timeout: 30_000 }, () => {
  const dir = basicProject();

  test("tunebench run: once, on the first line; tunebench report: once", async () => {
    const run = await runCli(["run", "--strategy", "baseline,prompt"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith(`${SIMULATED_BANNER}\n`)).toBe(true);
    expect(count(run.stdout)).toBe(1);
    expect(run.stdout).toMatch(/pass/); // the report did print

    const runDir = path.join("reports", readdirSync(path.join(dir, "reports"))[0] as string);
    const report = await runCli(["report", runDir, "--reporter", "console"], { cwd: dir });
    expect(count(report.stdout)).toBe(1);
  });

  test("one ConsoleReporter given every hook prints it once", async () => {
    let out = "";
    const write = (chunk: string) => {
      out += chunk;
      return true;
    };
    const sink = { write } as unknown as NodeJS.WritableStream;
    await runSuites({
      config: path.join(dir, "eval.config.yaml"),
      strategies: ["baseline"],
      outDir: "lib-runs",
      reporters: [new ConsoleReporter({ out: sink, progress: null })],
    });
    expect(out).toMatch(/run \S+: 5 trials/);
    expect(count(out)).toBe(1);
  });
});
