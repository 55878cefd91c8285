import path from "node:path";
import type { Command } from "commander";
import { MAX } from "../config/limits.js";
import { action, parseNonNegative, parsePositiveInt, parseShare, UsageError } from "./errors.js";
import { BASELINE_HELP, collectReporters } from "./report.js";

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
    .option("--case <id>", "only this case, by id or suite/id (repeatable, or comma-separated)", collect)
    .option("--tag <tag>", "also every case carrying this tag (repeatable, or comma-separated)", collect)
    .option(
      "--concurrency <n>",
      `parallel model calls, up to ${MAX.concurrency} (default: run.concurrency)`,
      parsePositiveInt("--concurrency", MAX.concurrency),
    )
    .option(
      "--repeat <n>",
      `run every trial n times, up to ${MAX.repeat} (default: run.repeat)`,
      parsePositiveInt("--repeat", MAX.repeat),
    )
    .option("-o, --out <dir>", "where run folders go (default: run.outDir)")
    .option("--no-cache", "bypass the response cache (.tunebench/cache): send every request")
    .option(
      "--resume <run>",
      "continue a killed run (its folder or run id): recorded trials are not sent again",
    )
    .option(
      "--sim-latency <ms>",
      `simulator: fixed latency per call, up to ${MAX.delayMs} ms`,
      parseNonNegative("--sim-latency", MAX.delayMs),
    )
    .option(
      "--sim-degrade <share>",
      "simulator: share of deliberately wrong answers",
      parseShare("--sim-degrade"),
    )
    .option("--baseline [run]", BASELINE_HELP)
    .option(
      "--reporter <name>",
      "console, json, markdown, junit, html; repeatable or comma-separated (default: reporters: in the config, else all)",
      collectReporters,
    )
    .addHelpText(
      "after",
      `
Examples:
  tunebench run                              every suite in eval.config.yaml
  tunebench run -s ticket-triage --strategy prompt,retrieval
  tunebench run --sim-degrade 0.3            a deliberately worse simulated model
  tunebench run --resume 20261124-235901-3fa2   continue a killed run (no trial sent twice)
  tunebench run --case double-charge --tag out-of-domain   that case and every out-of-domain probe

  tunebench baseline set 20261124-235901-3fa2   bless a run, then:
  tunebench run --baseline                   regressions vs the blessed run
  tunebench run --baseline latest            regressions vs the previous run (whatever it was)

Exit codes: 0 ran and every gate passed, 1 a gate failed, 2 bad input or config, 3 internal error.`,
    )
    .action(
      action(async (opts: RunCommandOptions) => {
        const { runSuites, ResumeError } = await import("../run/index.js");
        const { ConsoleReporter, progressOnly } = await import("../report/index.js");
        const { loadConfig } = await import("../config/index.js");
        const { resolveRunBaseline, openReporting } = await import("./report.js");
        const { checkOutDir } = await import("./out-dir.js");
        const loaded = await loadConfig(opts.config);
        // Where the runner puts the run folder (relative to the config), checked before any call.
        checkOutDir(
          path.resolve(loaded.dir, opts.out ?? loaded.config.run.outDir),
          opts.out ? "--out" : `run.outDir in ${path.relative(process.cwd(), loaded.file) || loaded.file}`,
        );
        // Resolved before the run, so `latest` is the newest run before this one.
        const baseline = await resolveRunBaseline(opts.baseline, loaded, opts.out, opts.resume);
        // Reporters load before the run: a broken custom reporter costs no model call.
        // The progress prints the SIMULATED banner at the top; the report below must not repeat it.
        const reporting = await openReporting({
          loaded,
          baseline,
          reporters: opts.reporter,
          bannerShown: true,
        });
        const sim = {
          ...(opts.simLatency !== undefined ? { latencyMs: opts.simLatency } : {}),
          ...(opts.simDegrade !== undefined ? { degrade: opts.simDegrade } : {}),
        };
        const result = await runSuites({
          config: loaded,
          suites: opts.suite,
          cases: { ids: opts.case, tags: opts.tag },
          strategies: opts.strategy,
          concurrency: opts.concurrency,
          repeat: opts.repeat,
          outDir: opts.out,
          ...(opts.cache === false ? { cache: false } : {}),
          ...(opts.resume ? { resume: opts.resume } : {}),
          sim,
          // Progress while running; the full report (and the gates) once the log is complete.
          reporters: [progressOnly(new ConsoleReporter())],
        }).catch((error: unknown) => {
          // A run folder that is not there is bad input (exit 2), not an internal error.
          throw error instanceof ResumeError ? new UsageError(error.message) : error;
        });
        return reporting.write(result.dir);
      }),
    );
}

interface RunCommandOptions {
  config: string;
  suite?: string[];
  case?: string[];
  tag?: string[];
  strategy?: string[];
  concurrency?: number;
  repeat?: number;
  out?: string;
  simLatency?: number;
  simDegrade?: number;
  /** false with --no-cache */
  cache?: boolean;
  resume?: string;
  /** true: `--baseline` alone, the blessed run. */
  baseline?: string | true;
  reporter?: string[];
}
