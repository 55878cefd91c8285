import path from "node:path";
import type { Command } from "commander";
import { action, EXIT } from "./errors.js";

export function registerRunsCommand(program: Command): void {
  program
    .command("runs")
    .description("list the runs under the output folder, newest first, one line each")
    .option(
      "-c, --config <file>",
      "config with gates and run.outDir (default: ./eval.config.yaml if present)",
    )
    .option("-o, --out <dir>", "the folder of run folders (default: run.outDir)")
    .addHelpText(
      "after",
      `
Each line: run id, start, suites, pass rate per strategy (over every suite), money spent (as
--max-cost counts it: the strategies' calls, judges, embeddings), gates
(as the run's report.json recorded them, else the config's gates without a baseline), and flags:
SIMULATED, degraded (--sim-degrade), errors, incomplete. The blessed baseline is marked ★.

Examples:
  tunebench runs
  tunebench runs -o ci-reports

Exit codes: 0 listed (also when run.outDir holds no run yet), 2 bad input or config (an -o that is
no folder).`,
    )
    .action(
      action(async (opts: { config?: string; out?: string }) => {
        const { listRuns } = await import("../runlog/index.js");
        const { projectRuns, overviewAt, overviewLine } = await import("./runs-of.js");
        const { blessedRunDir } = await import("./baseline.js");
        const { loaded, dir, runsDir } = await projectRuns(opts.config, opts.out);
        const runs = listRuns(runsDir).reverse();
        if (runs.length === 0) {
          process.stdout.write(`no runs in ${runsDir}; start one with \`tunebench run\`\n`);
          return EXIT.ok;
        }
        const blessed = await blessedRunDir(dir);
        for (const run of runs) {
          const runDir = path.join(runsDir, run.name);
          const line = await overviewAt(runDir, loaded).then(
            overviewLine,
            (error: Error) => `${run.name}  unreadable: ${error.message}`,
          );
          process.stdout.write(`${blessed === runDir ? "★" : " "} ${line}\n`);
        }
        if (blessed) process.stdout.write(`★ = the blessed baseline (tunebench baseline show)\n`);
        return EXIT.ok;
      }),
    );
}
