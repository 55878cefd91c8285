import type { Command } from "commander";
import { action, parseNonNegative, parsePositiveInt, parseShare } from "./errors.js";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").filter(Boolean)];
}

export function registerRunCommand(program: Command): void {
  program
    .command("run")
    .description("run every suite × case × strategy, score and cost each trial, write reports/<run-id>/")
    .option("-c, --config <file>", "config file", "eval.config.yaml")
    .option("-s, --suite <name>", "only this suite (repeatable, or comma-separated)", collect)
    .option("--strategy <name>", "only this strategy (repeatable, or comma-separated)", collect)
    .option(
      "--concurrency <n>",
      "parallel model calls (default: run.concurrency)",
      parsePositiveInt("--concurrency"),
    )
    .option("--repeat <n>", "run every trial n times", parsePositiveInt("--repeat"))
    .option("-o, --out <dir>", "where run folders go (default: run.outDir)")
    .option("--sim-latency <ms>", "simulator: fixed latency per call", parseNonNegative("--sim-latency"))
    .option(
      "--sim-degrade <share>",
      "simulator: share of deliberately wrong answers",
      parseShare("--sim-degrade"),
    )
    .addHelpText(
      "after",
      `
Examples:
  tunebench run                              every suite in eval.config.yaml
  tunebench run -s ticket-triage --strategy prompt,retrieval
  tunebench run --sim-degrade 0.3            a deliberately worse simulated model

Exit codes: 0 ran, 2 bad input or config, 3 internal error.`,
    )
    .action(
      action(async (opts: RunCommandOptions) => {
        const { runSuites } = await import("../run/index.js");
        const { ConsoleReporter } = await import("../report/index.js");
        const sim = {
          ...(opts.simLatency !== undefined ? { latencyMs: opts.simLatency } : {}),
          ...(opts.simDegrade !== undefined ? { degrade: opts.simDegrade } : {}),
        };
        await runSuites({
          config: opts.config,
          suites: opts.suite,
          strategies: opts.strategy,
          concurrency: opts.concurrency,
          repeat: opts.repeat,
          outDir: opts.out,
          sim,
          reporters: [new ConsoleReporter()],
        });
        return 0;
      }),
    );
}

interface RunCommandOptions {
  config: string;
  suite?: string[];
  strategy?: string[];
  concurrency?: number;
  repeat?: number;
  out?: string;
  simLatency?: number;
  simDegrade?: number;
}
