import path from "node:path";
import type { Command } from "commander";
import { action } from "./errors.js";
import { collectReporters } from "./report.js";

export function registerRescoreCommand(program: Command): void {
  program
    .command("rescore")
    .description(
      "score a finished run's outputs again with today's suites and scorers, into a new run log; calls no strategy model",
    )
    .argument("<run>", "a run folder (reports/<run-id>), its trials.jsonl or its run id")
    .option("-c, --config <file>", "config whose suites and scorers apply", "eval.config.yaml")
    .option("-o, --out <dir>", "where the new run folder goes (default: beside the original)")
    .option(
      "--reporter <name>",
      "reporters for the new run (default: reporters: in the config, else all)",
      collectReporters,
    )
    .addHelpText(
      "after",
      `
The new run log keeps every output, usage and cost of the original and replaces only the scores
and verdicts; its header names the original run (rescoredFrom). A case that is no longer in the
suites is an error (exit 2): re-scoring never guesses an expectation.

Examples:
  tunebench rescore reports/20261124-235901-3fa2
  tunebench rescore reports/20261124-235901-3fa2 -c eval.config.yaml --reporter console

Exit codes: 0 gates passed, 1 a gate failed, 2 bad input or config, 3 internal error.`,
    )
    .action(
      action(async (run: string, opts: { config: string; out?: string; reporter?: string[] }) => {
        const { loadConfig } = await import("../config/index.js");
        const { rescoreRun } = await import("../run/index.js");
        const { writeReport } = await import("./report.js");
        const loaded = await loadConfig(opts.config);
        run = await (await import("./runs-of.js")).runNamed(run, loaded);
        if (opts.out) (await import("./out-dir.js")).checkOutDir(path.resolve(opts.out), "--out");
        const result = await rescoreRun({ run, config: loaded, ...(opts.out ? { outDir: opts.out } : {}) });
        process.stderr.write(`re-scored ${result.trials} trials of ${run} into ${result.dir}\n`);
        return writeReport(result.dir, { loaded, reporters: opts.reporter });
      }),
    );
}
