// What the tune subcommands share: output, number formats, flag parsers, and the error handling
// that turns the fine-tuning module's input errors into one line and exit 2.
import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import type { LoadedConfig } from "../../config/index.js";
import { MAX } from "../../config/limits.js";
// Types only: erased at build time, so `tunebench --help` does not load the fine-tuning code.
import type { Leak } from "../../finetune/index.js";
import { action, EXIT, flagNumber, UsageError } from "../errors.js";

export const out = (line = "") => process.stdout.write(`${line}\n`);
export const err = (line = "") => process.stderr.write(`${line}\n`);
export const rel = (file: string) => path.relative(process.cwd(), file) || file;

export function money(value: number | null): string {
  if (value === null) return "unpriced";
  if (value === 0) return "$0";
  if (value >= 0.01) return `$${value.toFixed(2)}`;
  return `$${value.toPrecision(2)}`;
}

export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function parseSeconds(value: string): number {
  const n = flagNumber(value);
  if (!Number.isFinite(n) || n <= 0 || n > MAX.jobSeconds)
    throw new InvalidArgumentError(
      `--sim-job-seconds expects a number above 0 and up to ${MAX.jobSeconds}, got "${value}"`,
    );
  return n;
}

export function parseSeed(value: string): number {
  const n = flagNumber(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX.seed)
    throw new InvalidArgumentError(`--seed expects a whole number from 0 to ${MAX.seed}, got "${value}"`);
  return n;
}

export const HELP_FILES = `
Files: prepare writes .tunebench/tune/train.jsonl and valid.jsonl (with --suite: under
.tunebench/tune/<suite>/, one model per task); start records the job in state.json beside them
(status, wait and cancel use it); a succeeded job's model goes to .tunebench/tuned/<job id>.json
with the suites it was trained for, where \`tunebench run\` finds it for the tuned strategy.
\`tunebench tune list\` shows them all.`;

/** Help of `--suite` on every tune command. */
export const SUITE_HELP =
  "the suites of the model (repeatable: one model for a group of suites); default: project-wide";

/** The flags of the commands that look at a job (wait, status, cancel; start shares them). */
export interface JobFlags {
  config: string;
  endpoint?: string;
  simJobSeconds?: number;
  suite?: string[];
}

/** Adds a subcommand that looks at one job, with the flags every such command takes. */
export type JobCommand = (name: string, description: string, help: string) => Command;

export function printLeaks(leaks: readonly Leak[]): void {
  for (const leak of leaks) {
    const how = leak.exact ? "equals" : `is ${leak.similarity.toFixed(2)} similar to`;
    err(`leak: case ${leak.suite}:${leak.caseId} ${how} ${leak.dataset} (${leak.origin.where})`);
    err(`  case:     ${JSON.stringify(leak.caseInput)}`);
    err(`  training: ${JSON.stringify(leak.input)}`);
  }
}

/** Runs a tune command: the fine-tuning module's input errors become one line and exit 2. */
export function tuneAction<A extends unknown[]>(body: (...args: A) => Promise<number | undefined>) {
  return action(async (...args: A) => {
    const finetune = await import("../../finetune/index.js");
    try {
      return await body(...args);
    } catch (error) {
      if (error instanceof finetune.LeakError) {
        printLeaks(error.leaks);
        err(
          `${error.message}: take these cases out of the training data (or pass --allow-leaks to only warn)`,
        );
        return EXIT.badInput;
      }
      if (
        error instanceof finetune.TuneError ||
        error instanceof finetune.PrepareError ||
        error instanceof finetune.TrainingFileError
      ) {
        throw new UsageError(error.message);
      }
      throw error;
    }
  });
}

/**
 * The training file validate and estimate read by default: project-wide the layout's (the config
 * need not exist), with `--suite` that tuning's (the config must name those suites).
 */
export async function defaultTrainFile(config: string, suites: string[] | undefined): Promise<string> {
  if (suites?.length) {
    const { openProject } = await import("../../finetune/index.js");
    return (await openProject(config, suites)).files.trainFile;
  }
  const { projectLayout } = await import("../../project/index.js");
  return projectLayout(path.dirname(path.resolve(config))).trainFile;
}

/** The project's config when there is one (validate and estimate also work on a bare file). */
export async function optionalConfig(config: string): Promise<LoadedConfig | null> {
  const { existsSync } = await import("node:fs");
  const { loadConfig } = await import("../../config/index.js");
  const file = path.resolve(config);
  return existsSync(file) ? loadConfig(file) : null;
}

/** The model validate/estimate assume: the tuned strategy's base if the config names one, else sim-base. */
export async function defaultModelFor(loaded: LoadedConfig | null): Promise<string> {
  const { SIM_BASE_MODEL } = await import("../../project/index.js");
  if (!loaded) return SIM_BASE_MODEL;
  const { baseModelOf } = await import("../../training/index.js");
  const { resolveStrategies } = await import("../../config/index.js");
  const tuned = resolveStrategies(loaded.config).find((s) => s.type === "tuned");
  return tuned?.config.model ? baseModelOf(tuned.config.model) : SIM_BASE_MODEL;
}
