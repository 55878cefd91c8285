import path from "node:path";
import type { Command } from "commander";
import { action, EXIT, UsageError } from "./errors.js";
import { collectReporters } from "./report.js";

export function registerMergeCommand(program: Command): void {
  program
    .command("merge")
    .description("put the shard runs of one plan (run --shard i/n) together into one run log, and report it")
    .argument(
      "<runs...>",
      "the shard runs: run folders or their trials.jsonl (any path), or run ids in the config's run.outDir",
    )
    .option("-c, --config <file>", "config with gates and reporters (default: ./eval.config.yaml if present)")
    .option("-o, --out <dir>", "where the merged run folder goes (default: beside the first shard)")
    .option("--reporter <name>", "reporters (default: reporters: in the config, else all)", collectReporters)
    .option("--baseline <run>", "compare the merged run with this run (a run folder or its trials.jsonl)")
    .addHelpText(
      "after",
      `
The shards must come from one plan (the same config, suites, strategies and shard count: their
headers carry its hash), each shard once, all of them, no trial in two. The merged log reports
as if it had been one run. A shard is named by the path of its run folder (or its trials.jsonl),
wherever it is: run ids are looked up in the config's run.outDir (reports/) only, so shards
downloaded elsewhere (CI artifacts) are given by path.

Examples:
  tunebench run --shard 1/2 -o shard-1 && tunebench run --shard 2/2 -o shard-2
  tunebench merge shard-1/* shard-2/* -o reports
  tunebench merge artifacts/shard-*/* -o reports     each CI job's run folder, downloaded

Exit codes: 0 gates passed, 1 a gate failed or a shard is incomplete, 2 bad input or config,
3 internal error.`,
    )
    .action(
      action(async (runs: string[], opts: MergeOptions) => {
        const { mergeRuns, MergeError } = await import("../runlog/index.js");
        const { resolveBaseline, ReportInputError } = await import("../analysis/index.js");
        const { writeReport } = await import("./report.js");
        // Where run ids are looked up: run.outDir (reports/ without a config), as `runs` does.
        const { loaded, runsDir } = await (await import("./runs-of.js")).projectRuns(opts.config, undefined);
        const baseline = opts.baseline
          ? await Promise.resolve()
              .then(() => resolveBaseline(opts.baseline as string, runsDir))
              .catch((error: unknown) => {
                throw error instanceof ReportInputError ? new UsageError(error.message) : error;
              })
          : null;
        if (opts.out) (await import("./out-dir.js")).checkOutDir(path.resolve(opts.out), "--out");
        const merged = await mergeRuns(runs, opts.out, runsDir).catch((error: unknown) => {
          throw error instanceof MergeError ? new UsageError(error.message) : error;
        });
        process.stderr.write(`merged ${runs.length} shards (${merged.trials} trials) into ${merged.dir}\n`);
        for (const s of merged.incomplete)
          process.stderr.write(
            `tunebench: shard ${s.name} is incomplete (${s.trials} of ${s.planned} trials): the merged run is too; finish it with tunebench run --resume ${s.name}, then merge again\n`,
          );
        const code = await writeReport(merged.dir, { loaded, baseline, reporters: opts.reporter });
        // A merge with a shard missing trials must not pass CI as if it were whole (as `run` stopped at a budget).
        return merged.incomplete.length ? Math.max(code, EXIT.gateFailed) : code;
      }),
    );
}

interface MergeOptions {
  config?: string;
  out?: string;
  reporter?: string[];
  baseline?: string;
}
