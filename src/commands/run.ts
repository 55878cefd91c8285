import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { MAX } from "../config/limits.js";
import {
  action,
  collect,
  EXIT,
  parseDollars,
  parseNonNegative,
  parsePositiveInt,
  parseShare,
  UsageError,
} from "./errors.js";
import { catchInterrupt, INTERRUPTED, resumeCommand, sayOnStderr } from "./interrupt.js";
import { BASELINE_HELP, collectReporters } from "./report.js";

/** `--shard i/n`, checked as the flag is read (commander turns the error into exit 2). */
function parseShardFlag(value: string): { index: number; count: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  // A count past 2^53 is not a number the run log can hold (it would be written, then unreadable).
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count)
    throw new InvalidArgumentError(
      `--shard expects i/n with 1 ≤ i ≤ n, such as 1/4 (the first of four shards), got "${value}"`,
    );
  return { index, count };
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
    .option(
      "--judge-repeat <k>",
      `judges grade every answer k times and the report shows their self-agreement, up to ${MAX.judgeRepeat} (default: run.judgeRepeat)`,
      parsePositiveInt("--judge-repeat", MAX.judgeRepeat),
    )
    .option("-o, --out <dir>", "where run folders go (default: run.outDir)")
    .option("--no-cache", "bypass the response cache (.tunebench/cache): send every request")
    .option(
      "--resume <run>",
      "continue a killed or interrupted run (its folder or run id) with the suites, strategies, repeat, judge repeat and simulator settings it recorded: recorded trials are not sent again",
    )
    .option(
      "--allow-changed",
      "with --resume: continue although suites or config changed since the run started; changed and added cases are answered anew",
    )
    .option("--retry-errors", "with --resume: send again the trials whose recorded answer was an error")
    .option(
      "--sim-latency <ms>",
      `simulator: fixed latency per call, up to ${MAX.delayMs} ms`,
      parseNonNegative("--sim-latency", MAX.delayMs),
    )
    .option(
      "--shard <i/n>",
      "run only the i-th of n shards of the cases (every strategy and repeat of a case in one shard); put them together with tunebench merge",
      parseShardFlag,
    )
    .option(
      "--batch",
      "send the trials through each endpoint's Batch API: half the price, results when the batches are done; a killed run resumes its batches",
    )
    .option(
      "--dry-run",
      "print the trials, estimated tokens and dollars per suite × strategy, and the judges' calls (with --case, --tag, --shard, --batch as the run would take them); call and write nothing",
    )
    .option(
      "--max-cost <dollars>",
      "stop taking new trials and judgments before the run could spend more, judges and embeddings counted (default: run.maxCost); resume with a higher one",
      parseDollars("--max-cost"),
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
  tunebench run -s zh-support-style --judge-repeat 3   grade each answer 3 times: judge self-agreement
  tunebench run --resume 20261124-235901-3fa2   continue a killed run (no trial sent twice)
  tunebench run --resume 20261124-235901-3fa2 --retry-errors    send the failed calls again
  tunebench run --resume 20261124-235901-3fa2 --allow-changed   after editing a suite: re-run its changed cases
  tunebench run --case double-charge --tag out-of-domain   that case and every out-of-domain probe
  tunebench run --shard 2/4                  the second quarter of the cases (a CI matrix job)
  tunebench run --batch                      through the Batch API at half the price (--resume RUN picks it up)
  tunebench run --dry-run                    what the run would send and cost, without calling
  tunebench run --max-cost 5                 stop before $5 are spent; --resume RUN --max-cost 10 goes on

  tunebench baseline set 20261124-235901-3fa2   bless a run, then:
  tunebench run --baseline                   regressions vs the blessed run
  tunebench run --baseline latest            regressions vs the previous run (whatever it was)

A resume restores the suites, strategies, --repeat, --judge-repeat and simulator settings the run
recorded (a flag that contradicts them is an error); a run started with --batch goes on with it.
Ctrl-C stops taking new trials, lets those in flight finish (Ctrl-C again abandons them), prints
the command that resumes the run and exits 130. One process at a time writes a run (run.lock in
its folder).

Gates: maxErrorRate (0.05) is on without any gates: in the config; a suite × strategy without an
answered call has "no data" and fails every gate that judges it. A shard (--shard) shows its gates
but exits 0 on them: tunebench merge of all the shards gates the run.

Exit codes: 0 ran and every gate passed, 1 a gate failed or trials were left for a resume (the
budget, a batch the endpoint could not take), 2 bad input or config, or an endpoint
that refuses every call (rejected key, unknown model, no quota: the run stops at once and says how
to resume), 3 internal error, 130 interrupted (Ctrl-C).`,
    )
    .action(
      action(async (opts: RunCommandOptions, command: Command) => {
        // An estimate of a whole new run, labelled as a resume's, would overstate what the rest costs.
        if (opts.dryRun && opts.resume)
          throw new UsageError("--dry-run estimates a new run: it does not take --resume");
        if (!opts.resume && (opts.allowChanged || opts.retryErrors))
          throw new UsageError(
            `${opts.allowChanged ? "--allow-changed" : "--retry-errors"} needs --resume <run>`,
          );
        const { runSuites, ResumeError } = await import("../run/index.js");
        const { ConsoleReporter, progressOnly } = await import("../report/index.js");
        const { loadConfig } = await import("../config/index.js");
        const { resolveRunBaseline, openReporting } = await import("./report.js");
        const { checkOutDir } = await import("./out-dir.js");
        const loaded = await loadConfig(opts.config);
        if (opts.dryRun) return dryRun(loaded, opts);
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
        // What `--resume` needs: the run as given when resuming (a folder path stays a path).
        let runId = opts.resume ?? null;
        const given = (name: string) => command.getOptionValueSource(name) === "cli";
        const hint = (id: string) =>
          `resume with: ${resumeCommand(id, given("config") ? opts.config : undefined, opts.out)}`;
        const interrupt = catchInterrupt(() => (runId ? hint(runId) : null));
        try {
          // Only what the messages below need: the result's header holds a hash of every case
          // (25 MB at 100,000 cases), which the report, built from the log, must not carry along.
          const {
            runId: id,
            dir,
            interrupted,
            done,
            total,
            budget,
            header: { shard },
          } = await runSuites({
            config: loaded,
            suites: opts.suite,
            strategies: opts.strategy,
            concurrency: opts.concurrency,
            repeat: opts.repeat,
            judgeRepeat: opts.judgeRepeat,
            outDir: opts.out,
            ...(opts.cache === false ? { cache: false } : {}),
            ...(opts.resume ? { resume: opts.resume } : {}),
            cases: { ids: opts.case, tags: opts.tag },
            allowChanged: opts.allowChanged === true,
            retryErrors: opts.retryErrors === true,
            ...(opts.maxCost !== undefined ? { maxCost: opts.maxCost } : {}),
            ...(opts.shard ? { shard: opts.shard } : {}),
            ...(opts.batch ? { batch: true } : {}),
            sim,
            signal: interrupt.signal,
            onNote: sayOnStderr,
            // Progress while running; the full report (and the gates) once the log is complete.
            reporters: [
              {
                onRunStart: (header) => {
                  runId ??= header.runId;
                },
              },
              progressOnly(new ConsoleReporter()),
            ],
          });
          if (interrupted) {
            sayOnStderr(`interrupted: ${done} of ${total} trials recorded; ${hint(runId ?? id)}`);
            return INTERRUPTED;
          }
          let code = await reporting.write(dir);
          // A shard's gates judge a part of the cases (fewer cases, wider intervals): failing its CI
          // job would keep `tunebench merge`, which gates the whole plan, from ever running.
          if (shard && code === EXIT.gateFailed) {
            sayOnStderr(
              `shard ${shard.index}/${shard.count}: its gates judge part of the cases and do not set the exit code; tunebench merge of all shards gates the run`,
            );
            code = EXIT.ok;
          }
          // An incomplete run must not pass CI as if it were whole.
          if (!budget?.stopped) {
            if (done >= total) return code;
            // A batch the endpoint could not take (a 5xx) left its trials for a resume.
            sayOnStderr(`${total - done} of ${total} trials not run; ${hint(id)}`);
            return Math.max(code, EXIT.gateFailed);
          }
          const { dollars } = await import("../analysis/index.js");
          const { spent, before, maxCost, judgmentsLeft } = budget;
          // Trials left: the judgments after them were not started either (the resume makes them).
          const left =
            done < total
              ? `${total - done} of ${total} trials not run`
              : `${judgmentsLeft} judgments not made`;
          // A resume whose budget its log had already passed took nothing: "$X of $Y spent" read as a bug.
          const flag = opts.maxCost !== undefined ? "--max-cost" : "run.maxCost";
          const status =
            before > maxCost
              ? `the run had spent ${dollars(before)} before this resume, more than ${flag} ${dollars(maxCost)} (it covers the whole run)`
              : `${dollars(spent)} of ${dollars(maxCost)} spent`;
          sayOnStderr(
            `stopped at the budget: ${status}, ${left}; go on with --resume ${id} --max-cost <more>`,
          );
          return Math.max(code, EXIT.gateFailed);
        } catch (error) {
          // A run folder that is not there is bad input (exit 2), not an internal error.
          throw error instanceof ResumeError ? new UsageError(error.message) : error;
        } finally {
          interrupt.dispose();
        }
      }),
    );
}

async function dryRun(
  loaded: import("../config/index.js").LoadedConfig,
  opts: RunCommandOptions,
): Promise<number> {
  const { estimateRun, shardFilter } = await import("../run/index.js");
  const { renderEstimate } = await import("../report/index.js");
  const estimate = await estimateRun({
    config: loaded,
    ...(opts.suite ? { suites: opts.suite } : {}),
    ...(opts.strategy ? { strategies: opts.strategy } : {}),
    ...(opts.repeat ? { repeat: opts.repeat } : {}),
    ...(opts.judgeRepeat ? { judgeRepeat: opts.judgeRepeat } : {}),
    cases: { ids: opts.case, tags: opts.tag },
    ...(opts.shard ? { only: shardFilter(opts.shard) } : {}),
    ...(opts.batch ? { batch: true } : {}),
    ...(opts.maxCost !== undefined ? { maxCost: opts.maxCost } : {}),
  });
  process.stdout.write(`${renderEstimate(estimate, opts.maxCost ?? loaded.config.run.maxCost)}\n`);
  return EXIT.ok;
}

interface RunCommandOptions {
  config: string;
  suite?: string[];
  case?: string[];
  tag?: string[];
  strategy?: string[];
  concurrency?: number;
  repeat?: number;
  judgeRepeat?: number;
  out?: string;
  simLatency?: number;
  simDegrade?: number;
  /** false with --no-cache */
  cache?: boolean;
  resume?: string;
  allowChanged?: boolean;
  retryErrors?: boolean;
  dryRun?: boolean;
  batch?: boolean;
  shard?: { index: number; count: number };
  maxCost?: number;
  /** true: `--baseline` alone, the blessed run. */
  baseline?: string | true;
  reporter?: string[];
}
