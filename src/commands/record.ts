import path from "node:path";
import type { Command } from "commander";
import { MAX } from "../config/limits.js";
import { action, collect, parsePositiveInt, UsageError } from "./errors.js";
import { catchInterrupt, INTERRUPTED, resumeCommand, sayOnStderr } from "./interrupt.js";

interface RecordFlags {
  config: string;
  strategy: string;
  name?: string;
  from?: string;
  suite?: string[];
  case?: string[];
  tag?: string[];
  repeat?: number;
  out?: string;
  force?: boolean;
}

export function registerRecordCommand(program: Command): void {
  program
    .command("record")
    .description(
      "freeze a strategy's answers to every case (e.g. a tuned model while it still exists) into snapshots/<name>.jsonl, for the `recorded` strategy",
    )
    .requiredOption("--strategy <name>", "the strategy whose answers are recorded (e.g. tuned)")
    .option("--name <name>", "the snapshot's name: snapshots/<name>.jsonl (default: the strategy's name)")
    .option(
      "--from <run>",
      "freeze a finished run's answers (its folder, trials.jsonl or run id) instead of running the strategy now (calls nothing)",
    )
    .option("-c, --config <file>", "config file", "eval.config.yaml")
    .option("-s, --suite <name>", "only this suite (repeatable, or comma-separated)", collect)
    .option("--case <id>", "only this case, by id or suite/id (repeatable, or comma-separated)", collect)
    .option("--tag <tag>", "also every case carrying this tag (repeatable, or comma-separated)", collect)
    .option(
      "--repeat <n>",
      `answer every case n times, up to ${MAX.repeat} (a replay with --repeat needs as many)`,
      parsePositiveInt("--repeat", MAX.repeat),
    )
    .option("-o, --out <dir>", "where the recording run's folder goes (default: run.outDir)")
    .option("--force", "replace an existing snapshot (it may hold a model that no longer answers)")
    .addHelpText(
      "after",
      `
A snapshot is a run log kept beside the config (commit it): a header naming what was recorded,
then the strategy's trials with the exact requests, outputs, usage and costs. A strategy with
\`type: recorded\` and \`snapshot: NAME\` answers from it offline, with no endpoint, long after the
model has retired; with it in the run, every other strategy is scored for agreement with it.
A failed call is not recorded (its case replays as an error trial that says so).

Examples:
  tunebench record --strategy tuned                  # run the tuned model now: snapshots/tuned.jsonl
  tunebench record --strategy tuned --name ft-2024-07 --repeat 3
  tunebench record --strategy tuned --from reports/20261124-235901-3fa2   # freeze a finished run

Then in eval.config.yaml:
  strategies:
    ft-2024-07: { type: recorded, snapshot: ft-2024-07 }

Exit codes: 0 recorded, 2 bad input (an existing snapshot without --force, a run whose cases changed
since), 3 internal error, 130 interrupted (nothing recorded; resume the run, then record --from it).`,
    )
    .action(action(runRecord));
}

async function runRecord(flags: RecordFlags): Promise<number> {
  if (flags.from && (flags.suite || flags.case || flags.tag || flags.repeat || flags.out))
    throw new UsageError(
      "--from records a finished run as it is: --suite, --case, --tag, --repeat and --out do not apply",
    );
  const { loadConfig } = await import("../config/index.js");
  const { recordSnapshot, runSuites, snapshotTarget } = await import("../run/index.js");
  const loaded = await loadConfig(flags.config);
  const name = flags.name ?? flags.strategy;
  const { snapshotName } = await import("../config/primitives.js");
  const invalid = snapshotName.safeParse(name).error?.issues[0];
  if (invalid) throw new UsageError(`--name ${name}: ${invalid.message}`);
  // Refused before any call: a snapshot may be all that is left of a retired model.
  snapshotTarget(loaded, name, flags.force);
  if (flags.out) (await import("./out-dir.js")).checkOutDir(path.resolve(loaded.dir, flags.out), "--out");
  let run = flags.from && (await (await import("./runs-of.js")).runNamed(flags.from, loaded));
  if (!run) {
    let runId: string | null = null;
    const interrupt = catchInterrupt(() =>
      runId ? `resume with: ${resumeCommand(runId, flags.config, flags.out)}` : null,
    );
    try {
      const result = await runSuites({
        config: loaded,
        strategies: [flags.strategy],
        ...(flags.suite ? { suites: flags.suite } : {}),
        cases: { ids: flags.case, tags: flags.tag },
        ...(flags.repeat ? { repeat: flags.repeat } : {}),
        ...(flags.out ? { outDir: flags.out } : {}),
        signal: interrupt.signal,
        onNote: sayOnStderr,
        reporters: [
          {
            onRunStart: (header) => {
              runId = header.runId;
            },
          },
        ],
      });
      if (result.interrupted) {
        sayOnStderr(
          `interrupted: nothing recorded; finish the run (${resumeCommand(result.runId, flags.config, flags.out)}), then tunebench record --strategy ${flags.strategy} --from ${result.dir}`,
        );
        return INTERRUPTED;
      }
      run = result.dir;
    } finally {
      interrupt.dispose();
    }
  }
  const recorded = await recordSnapshot({
    loaded,
    run,
    strategy: flags.strategy,
    name,
    force: flags.force === true,
    // The strategy just ran: its endpoint may say when the model retires. --from calls nothing.
    askEndpoint: !flags.from,
  });
  const { relative } = await import("node:path");
  const where = relative(process.cwd(), recorded.file) || recorded.file;
  process.stdout.write(
    `${recorded.simulated ? "SIMULATED: " : ""}recorded ${recorded.answers} answers of ${flags.strategy} (${recorded.info.model}) from run ${recorded.info.fromRun} into ${where}\n`,
  );
  if (recorded.failed.length)
    sayOnStderr(
      `${recorded.failed.length} call(s) had failed and are not recorded (${recorded.failed.slice(0, 5).join(", ")}${recorded.failed.length > 5 ? ", …" : ""}): retry them with tunebench run --resume RUN --retry-errors, then record --from that run`,
    );
  process.stdout.write(
    `replay it offline with a strategy { type: recorded, snapshot: ${name} } in ${flags.config}\n`,
  );
  const { retires, model } = recorded.info;
  if (retires) {
    const { retirementWarning } = await import("../model/index.js");
    const warning = retirementWarning(model, { ...retires, base: model }, new Date());
    if (warning) sayOnStderr(`warning: ${warning}`);
  }
  return 0;
}
