import path from "node:path";
import type { Command } from "commander";
import { shownPath } from "../config/path-kind.js";
import { action, EXIT, UsageError } from "./errors.js";

/** The blessed run's folder (absolute), or null when the project has blessed none. */
export async function blessedRunDir(projectDir: string): Promise<string | null> {
  const { projectLayout, readBaselineRecord, baselineRunDir } = await import("../project/index.js");
  const file = projectLayout(projectDir).baselineFile;
  const record = readBaselineRecord(file);
  return record ? baselineRunDir(file, record) : null;
}

const rel = (file: string) => shownPath(path.resolve(file));

async function setBaseline(run: string, opts: { config?: string; out?: string }): Promise<number> {
  const { findRun, runPlacesShown, runProblem } = await import("../runlog/index.js");
  const { projectLayout, writeBaselineRecord } = await import("../project/index.js");
  const { baselineConcerns } = await import("../analysis/index.js");
  const { projectRuns, overviewAt, overviewLine } = await import("./runs-of.js");
  const { loaded, dir, runsDir } = await projectRuns(opts.config, opts.out);
  const runDir = findRun(run, runsDir);
  if (!runDir) {
    const why = runProblem(run, runsDir) ?? `no run log at ${runPlacesShown(run, runsDir)}`;
    throw new UsageError(`baseline set ${run}: ${why}; list the runs with \`tunebench runs\``);
  }
  const overview = await overviewAt(runDir, loaded);
  if (!overview.complete) {
    const { trials, planned } = overview;
    throw new UsageError(
      `baseline set ${run}: the run is incomplete (${trials}${planned ? ` of ${planned} planned` : ""} trials in its log): finish it with \`tunebench run --resume ${run}\` or bless another run`,
    );
  }
  const file = projectLayout(dir).baselineFile;
  writeBaselineRecord(file, overview.runId, path.resolve(runDir));
  process.stdout.write(
    `blessed ${overview.runId} in ${rel(file)}: \`tunebench run --baseline\` now compares with it (commit the file; CI needs the run folder too)\n  ${await overviewLine(overview)}\n`,
  );
  const concerns = baselineConcerns(overview);
  if (concerns.length) process.stderr.write(`warning: ${overview.runId}: ${concerns.join("; ")}\n`);
  return EXIT.ok;
}

async function showBaseline(opts: { config?: string; out?: string }): Promise<number> {
  const { blessedBaseline } = await import("../analysis/index.js");
  const { projectLayout, readBaselineRecord } = await import("../project/index.js");
  const { projectRuns, overviewAt, overviewLine } = await import("./runs-of.js");
  const { loaded, dir } = await projectRuns(opts.config, opts.out);
  const file = projectLayout(dir).baselineFile;
  const record = readBaselineRecord(file);
  if (!record) {
    process.stdout.write(
      `no blessed baseline (no ${rel(file)}): bless a run with \`tunebench baseline set RUN\`; \`tunebench runs\` lists them\n`,
    );
    return EXIT.ok;
  }
  const runDir = blessedBaseline(dir); // a run log that is gone is bad input: exit 2
  process.stdout.write(
    `baseline: ${record.runId} (${rel(runDir)}), blessed ${record.setAt} in ${rel(file)}\n  ${await overviewLine(await overviewAt(runDir, loaded))}\n`,
  );
  return EXIT.ok;
}

export function registerBaselineCommand(program: Command): void {
  const baseline = program
    .command("baseline")
    .description("bless the run that `--baseline` compares with, or show which run that is");
  baseline
    .command("set")
    .description("bless a finished run: `run --baseline` and `report --baseline` compare with it from now on")
    .argument("<run>", "a run id under the output folder, a run folder, or its trials.jsonl")
    .option("-c, --config <file>", "the project's config (default: ./eval.config.yaml if present)")
    .option("-o, --out <dir>", "the folder of run folders (default: run.outDir)")
    .addHelpText(
      "after",
      `
Writes tunebench.baseline.json beside the config: commit it, so CI compares with the same run
(CI needs that run's folder too, e.g. from an artifact or committed). An incomplete run is refused.

Examples:
  tunebench baseline set 20261124-235901-3fa2
  tunebench run --baseline

Exit codes: 0 blessed, 2 no such run, or it is incomplete.`,
    )
    .action(action(setBaseline));
  baseline
    .command("show")
    .description("say which run is blessed, with its pass rates and gates")
    .option("-c, --config <file>", "the project's config (default: ./eval.config.yaml if present)")
    .option("-o, --out <dir>", "the folder of run folders (default: run.outDir)")
    .action(action(showBaseline));
}
