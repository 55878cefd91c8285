import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { formatCount } from "../../analysis/format.js";
import { MAX } from "../../config/limits.js";
import type { UploadPlan } from "../../finetune/index.js";
import { collect, EXIT, flagNumber, parsePositiveInt, UsageError } from "../errors.js";
import {
  err,
  HELP_FILES,
  type JobFlags,
  money,
  out,
  parseSeconds,
  parseSeed,
  rel,
  SUITE_HELP,
  size,
  tuneAction,
} from "./helpers.js";
import { runWait } from "./wait.js";

interface StartFlags extends JobFlags {
  train?: string;
  valid?: string | false;
  model?: string;
  suffix?: string;
  seed?: number;
  epochs?: number | "auto";
  batchSize?: number | "auto";
  lrMultiplier?: number | "auto";
  maxTokens?: number;
  yes?: boolean;
  wait?: boolean;
  skipChecks?: boolean;
}

function parseAuto(flag: string, integer: boolean, max: number) {
  return (value: string): number | "auto" => {
    if (value === "auto") return "auto";
    const n = flagNumber(value);
    if (!Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n)))
      throw new InvalidArgumentError(
        `${flag} expects "auto" or ${integer ? "a whole number from 1" : "a number above 0 and up"} to ${max}, got "${value}"`,
      );
    return n;
  };
}

function printPlan(plan: UploadPlan, describePii: (report: UploadPlan["training"]["pii"]) => string[]): void {
  const where = plan.endpoint.simulated
    ? `endpoint "sim" (the offline simulator: the data stays on this machine)`
    : `endpoint "${plan.endpoint.name}" at ${plan.endpoint.baseURL}: the data LEAVES this machine`;
  err(`About to upload to ${where}:`);
  for (const [label, check] of [
    ["training", plan.training],
    ["validation", plan.validation],
  ] as const) {
    if (!check) continue;
    err(`  ${label.padEnd(11)} ${rel(check.path)}  ${size(check.bytes)}  ${check.validation.lines} examples`);
  }
  const e = plan.estimate;
  err(
    `  model       ${plan.model}; epochs ${e.epochs}${e.epochsSource === "default" ? " (auto)" : ""}; billed tokens ~${formatCount(e.billedTokens)}; estimated cost ${money(e.trainingCost)}`,
  );
  const warnings = plan.training.validation.warnings.filter((w) => w.code !== "unknown_model_limit");
  if (warnings.length) err(`  warnings    ${warnings.map((w) => `${w.code} x${w.count}`).join(", ")}`);
  for (const check of [plan.training, plan.validation]) {
    if (!check) continue;
    const lines = describePii(check.pii);
    const label = `personal data scan (${path.basename(check.path)}):`;
    if (check.pii.total === 0) err(`  ${label} none found`);
    else {
      err(`  ${label} ${check.pii.total} finding(s), please check before uploading`);
      for (const line of lines) err(`    ${line}`);
    }
  }
}

async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

async function runStart(flags: StartFlags): Promise<number> {
  const { describePii, openProject, planUpload, startJob, suiteFlags } = await import(
    "../../finetune/index.js"
  );
  const project = await openProject(flags.config, flags.suite);
  const plan = await planUpload(project, {
    ...(flags.train ? { train: flags.train } : {}),
    ...(flags.valid === false ? { valid: null } : flags.valid ? { valid: flags.valid } : {}),
    ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.suffix ? { suffix: flags.suffix } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
    ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
    ...(flags.lrMultiplier !== undefined ? { learningRateMultiplier: flags.lrMultiplier } : {}),
    ...(flags.maxTokens ? { maxTokens: flags.maxTokens } : {}),
    ...(flags.skipChecks ? { skipChecks: true } : {}),
    ...(flags.simJobSeconds ? { simJobSeconds: flags.simJobSeconds } : {}),
  });
  if (plan.suites) err(`a model for suite${plan.suites.length === 1 ? "" : "s"} ${plan.suites.join(", ")}`);
  printPlan(plan, describePii);
  // A model tuned on a base that retires soon stops answering with it.
  const { retirementOf, retirementWarning } = await import("../../model/index.js");
  const retiring = retirementWarning(
    plan.model,
    retirementOf(plan.model, project.loaded.config.retirements),
    new Date(),
  );
  if (retiring) err(`  warning     ${retiring}; a model tuned on it retires with it`);
  if (!flags.yes) {
    if (!process.stdin.isTTY) {
      throw new UsageError(
        "not uploading: stdin is not a terminal, so tunebench cannot ask; pass --yes to confirm",
      );
    }
    if (!(await confirm("Upload and start the job? [y/N] "))) {
      err("nothing uploaded");
      return EXIT.badInput;
    }
  }
  const { job, reused } = await startJob(project, plan);
  for (const file of reused)
    err(`reusing the training file ${file.id} uploaded before (${rel(file.path)} is unchanged)`);
  out(`created job ${job.id} (${job.status}) on endpoint "${plan.endpoint.name}", model ${job.model}`);
  if (flags.wait)
    return runWait(job.id, { config: flags.config, ...(flags.suite ? { suite: flags.suite } : {}) });
  out(
    `follow it: tunebench tune wait${suiteFlags(project.suites)}   (state in ${rel(project.files.tuneState)}; Ctrl-C loses nothing)`,
  );
  return EXIT.ok;
}

export function registerStart(tune: Command): void {
  tune
    .command("start")
    .description(
      "upload the training (and validation) file and create a fine-tuning job, after showing cost and a personal-data scan",
    )
    .option("-c, --config <file>", "config file", "eval.config.yaml")
    .option("-s, --suite <name>", SUITE_HELP, collect)
    .option("--train <file>", "training file (default: .tunebench/tune/train.jsonl, or the --suite's)")
    .option("--valid <file>", "validation file (default: valid.jsonl beside it when it exists)")
    .option("--no-valid", "upload no validation file")
    .option("-e, --endpoint <name>", "endpoint (default: the tuned strategy's, else sim)")
    .option("-m, --model <model>", "base model (default: the tuned strategy's base, else sim-base on sim)")
    .option("--suffix <text>", "added to the tuned model's name (up to 64 characters)")
    .option("--seed <n>", "the job's seed", parseSeed)
    .option("--epochs <n|auto>", "epochs (default auto)", parseAuto("--epochs", true, MAX.epochs))
    .option(
      "--batch-size <n|auto>",
      "batch size (default auto)",
      parseAuto("--batch-size", true, MAX.batchSize),
    )
    .option(
      "--lr-multiplier <x|auto>",
      "learning-rate multiplier (default auto)",
      parseAuto("--lr-multiplier", false, MAX.learningRateMultiplier),
    )
    .option(
      "--max-tokens <n>",
      "per-example token limit for the checks and the estimate",
      parsePositiveInt("--max-tokens", MAX.tokens),
    )
    .option("-y, --yes", "upload without asking (needed when stdin is not a terminal)")
    .option("--wait", "follow the job until it ends (like `tune wait`)")
    .option("--skip-checks", "upload even when validation finds errors (the provider will reject the file)")
    .option("--sim-job-seconds <s>", "simulator: how long the job takes (default 3)", parseSeconds)
    .addHelpText(
      "after",
      `
Before anything is uploaded it validates the files, shows file, size, example count, estimated
billed tokens and cost, and a scan for personal data (emails, phone, card and ID numbers), then
asks. Data sent to a real endpoint leaves this machine.

Examples:
  tunebench tune start                      # asks before uploading
  tunebench tune start --yes --suffix triage
  tunebench tune start --suite ticket-triage --yes --wait
  tunebench tune start -e openai -m gpt-4o-mini-2024-07-18 --epochs 3 --yes

Exit codes: 0 job created (with --wait: succeeded), 1 with --wait: job failed or cancelled,
2 bad input, refused confirmation, or a job still running.
${HELP_FILES}`,
    )
    .action(tuneAction(runStart));
}
