import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { MAX } from "../config/limits.js";
import type { MeasuredCost } from "../finetune/estimate.js";
// Types only: erased at build time, so `tunebench --help` does not load the fine-tuning code.
import type {
  FineTuningJob,
  FineTuningJobEvent,
  IssueSummary,
  JobOutcome,
  Leak,
  PrepareResult,
  TrainingEstimate,
  UploadPlan,
  ValidationResult,
} from "../finetune/index.js";
import type { Distribution } from "../finetune/stats.js";
import { action, EXIT, parsePositiveInt, UsageError } from "./errors.js";
import { checkOutDir } from "./out-dir.js";

const out = (line = "") => process.stdout.write(`${line}\n`);
const err = (line = "") => process.stderr.write(`${line}\n`);
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const rel = (file: string) => path.relative(process.cwd(), file) || file;

function money(value: number | null): string {
  if (value === null) return "unpriced";
  if (value === 0) return "$0";
  if (value >= 0.01) return `$${value.toFixed(2)}`;
  return `$${value.toPrecision(2)}`;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function parseAuto(flag: string, integer: boolean, max: number) {
  return (value: string): number | "auto" => {
    if (value === "auto") return "auto";
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n)))
      throw new InvalidArgumentError(
        `${flag} expects "auto" or ${integer ? "a whole number from 1" : "a number above 0 and up"} to ${max}, got "${value}"`,
      );
    return n;
  };
}

function parseRatio(flag: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > max)
      throw new InvalidArgumentError(`${flag} expects a number from 0 to ${max}, got "${value}"`);
    return n;
  };
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0 || n > MAX.jobSeconds)
    throw new InvalidArgumentError(
      `--sim-job-seconds expects a number above 0 and up to ${MAX.jobSeconds}, got "${value}"`,
    );
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < 0 || n > MAX.seed)
    throw new InvalidArgumentError(`--seed expects a whole number from 0 to ${MAX.seed}, got "${value}"`);
  return n;
}

/** Runs a tune command: the fine-tuning module's input errors become one line and exit 2. */
function tuneAction<A extends unknown[]>(body: (...args: A) => Promise<number | undefined>) {
  return action(async (...args: A) => {
    const finetune = await import("../finetune/index.js");
    const { APIError } = await import("openai");
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
      // The message is redacted where every CLI error is (reportCliError).
      if (error instanceof APIError && typeof error.status === "number" && error.status < 500)
        throw new UsageError(`the endpoint refused: ${error.message}`);
      throw error;
    }
  });
}

function printLeaks(leaks: readonly Leak[]): void {
  for (const leak of leaks) {
    const how = leak.exact ? "equals" : `is ${leak.similarity.toFixed(2)} similar to`;
    err(`leak: case ${leak.suite}:${leak.caseId} ${how} ${leak.dataset} (${leak.origin.where})`);
    err(`  case:     ${JSON.stringify(leak.caseInput)}`);
    err(`  training: ${JSON.stringify(leak.input)}`);
  }
}

// ---- prepare ---------------------------------------------------------------------------------

interface PrepareFlags {
  config: string;
  suite?: string[];
  out?: string;
  validShare: number;
  seed: number;
  leakThreshold: number;
  allowLeaks?: boolean;
}

function printPrepare(result: PrepareResult, threshold: number): void {
  out("training data by suite:");
  const width = Math.max(12, ...result.suites.map((s) => s.suite.length));
  for (const s of result.suites) {
    const extra = [
      s.fromDatasets ? `${s.fromDatasets} from datasets` : "",
      s.duplicates ? `${s.duplicates} duplicate${s.duplicates === 1 ? "" : "s"} removed` : "",
    ].filter(Boolean);
    out(
      `  ${s.suite.padEnd(width)}  ${String(s.examples).padStart(4)} examples -> ${s.train} train, ${s.valid} valid${extra.length ? ` (${extra.join(", ")})` : ""}`,
    );
  }
  if (result.skipped.length)
    out(`  not trained on (canary suites measure forgetting): ${result.skipped.join(", ")}`);
  out(`  duplicates removed: ${result.duplicates}`);
  const closest = result.closest
    ? `closest ${result.closest.similarity.toFixed(2)} (${result.closest.suite}:${result.closest.caseId} ~ ${result.closest.dataset})`
    : "nothing to compare";
  if (result.leaks.length) {
    printLeaks(result.leaks);
    out(`  leakage check: ${result.leaks.length} LEAK(S) allowed by --allow-leaks; ${closest}`);
  } else {
    out(
      `  leakage check: ${result.cases} cases vs ${result.train + result.valid} examples, threshold ${threshold.toFixed(2)}: no leaks; ${closest}`,
    );
  }
  for (const warning of result.warnings) err(`warning: ${warning}`);
  const files = [`${rel(result.trainFile)} (${result.train} examples)`];
  if (result.validFile) files.push(`${rel(result.validFile)} (${result.valid} examples)`);
  out(`wrote ${files.join(" and ")}`);
  out(`next: tunebench tune validate ${rel(result.trainFile)}`);
}

// ---- validate --------------------------------------------------------------------------------

function issueLine(issue: IssueSummary): string {
  const where = issue.lines.length
    ? ` (line${issue.lines.length === 1 ? "" : "s"} ${issue.lines.join(", ")}${issue.count > issue.lines.length ? ", ..." : ""})`
    : "";
  const detail = issue.detail ? `: ${issue.detail}` : "";
  return `  ${issue.code.padEnd(28)} ${String(issue.count).padStart(5)}  ${issue.title}${detail}${where}`;
}

function distributionRows(rows: [string, Distribution | null][]): string[] {
  const fmt = (n: number) => (Number.isInteger(n) ? int(n) : n.toFixed(1));
  const lines = [
    `  ${"per example".padEnd(18)}${["min", "max", "mean", "median", "p5", "p95"].map((h) => h.padStart(9)).join("")}`,
  ];
  for (const [name, d] of rows) {
    if (!d) continue;
    lines.push(
      `  ${name.padEnd(18)}${[d.min, d.max, d.mean, d.median, d.p5, d.p95].map((v) => fmt(v).padStart(9)).join("")}`,
    );
  }
  return lines;
}

function printValidation(result: ValidationResult): void {
  out(
    `${rel(result.file ?? "-")}: ${result.lines} example${result.lines === 1 ? "" : "s"} (${result.format}), ${size(result.bytes)}; model ${result.model} (${result.encoding}, limit ${int(result.tokenLimit)} tokens per example)`,
  );
  if (result.errors.length) {
    out("errors:");
    for (const e of result.errors) out(issueLine(e));
  }
  if (result.warnings.length) {
    out("warnings:");
    for (const w of result.warnings) out(issueLine(w));
  }
  const { messages, totalTokens, assistantTokens } = result.distributions;
  if (messages) {
    for (const line of distributionRows([
      ["messages", messages],
      ["total tokens", totalTokens],
      ["assistant tokens", assistantTokens],
    ]))
      out(line);
  }
  out(
    result.ok
      ? `ok: no errors${result.warnings.length ? `, ${result.warnings.length} kind${result.warnings.length === 1 ? "" : "s"} of warning` : ""}`
      : `${result.errors.length} kind${result.errors.length === 1 ? "" : "s"} of error: fix them before uploading`,
  );
}

// ---- estimate --------------------------------------------------------------------------------

function printEstimate(
  estimate: TrainingEstimate,
  measured: { run: string; costs: MeasuredCost[] } | null,
): void {
  out(
    `${rel(estimate.file ?? "-")}: model ${estimate.model} (${estimate.encoding}, limit ${int(estimate.tokenLimit)} tokens per example${estimate.limitKnown ? "" : ", assumed"})`,
  );
  out(`  examples          ${int(estimate.examples)}`);
  const over = estimate.overLimit
    ? `${estimate.overLimit} over the limit: billed and trained only up to it`
    : "none over the limit";
  out(
    `  tokens            ${int(estimate.totalTokens)} (mean ${estimate.meanTokens.toFixed(1)} per example; ${over})`,
  );
  const rule =
    estimate.epochsSource === "given" ? "as given" : `default rule for ${int(estimate.examples)} examples`;
  out(`  epochs            ${estimate.epochs} (${rule})`);
  out(
    `  billed tokens     ${int(estimate.billedTokens)} = ${estimate.epochs} x ${int(estimate.tokensPerEpoch)}`,
  );
  out(
    `  training price    ${estimate.trainingPrice === null ? "unpriced (add prices.<model>.training)" : `$${estimate.trainingPrice} per 1M tokens`}`,
  );
  out(`  training cost     ${money(estimate.trainingCost)}`);
  const call = estimate.tunedCall;
  if (!measured && !call) return;
  out();
  out(`cost per call${measured ? ` (measured in run ${measured.run}, canary suites left out)` : ""}:`);
  out(
    `  ${"strategy".padEnd(14)}${"".padEnd(10)}${"tokens in".padStart(11)}${"tokens out".padStart(12)}${"$ per call".padStart(13)}`,
  );
  for (const m of measured?.costs ?? []) {
    if (m.type !== "prompt" && m.type !== "retrieval" && m.type !== "baseline") continue;
    out(
      `  ${m.strategy.padEnd(14)}${"measured".padEnd(10)}${m.tokensIn.toFixed(1).padStart(11)}${m.tokensOut.toFixed(1).padStart(12)}${money(m.costPerCall).padStart(13)}`,
    );
  }
  if (call) {
    out(
      `  ${"tuned".padEnd(14)}${"expected".padEnd(10)}${call.promptTokens.toFixed(1).padStart(11)}${call.outputTokens.toFixed(1).padStart(12)}${money(call.costPerCall).padStart(13)}`,
    );
    out(
      `  (tuned: the training examples' short prompts and answers at ${call.model} prices${call.price ? ` $${call.price.input}/$${call.price.output} per 1M in/out` : ""})`,
    );
  }
  if (!measured) out("  no previous run found: `tunebench run` measures prompt and retrieval");
}

// ---- start / wait / status / cancel ----------------------------------------------------------

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
    `  model       ${plan.model}; epochs ${e.epochs}${e.epochsSource === "default" ? " (auto)" : ""}; billed tokens ~${int(e.billedTokens)}; estimated cost ${money(e.trainingCost)}`,
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

function clock(seconds: number): string {
  return new Date(seconds * 1000).toTimeString().slice(0, 8);
}

class Progress {
  readonly #tty = Boolean(process.stderr.isTTY);
  readonly #started = Date.now();
  #shown = false;
  step = "";

  clear(): void {
    if (this.#tty && this.#shown) process.stderr.write("\r\x1b[2K");
    this.#shown = false;
  }

  show(job: FineTuningJob): void {
    if (!this.#tty) return;
    const elapsed = ((Date.now() - this.#started) / 1000).toFixed(1);
    process.stderr.write(`\r\x1b[2K  ${job.status}${this.step ? ` · ${this.step}` : ""} · ${elapsed} s`);
    this.#shown = true;
  }
}

function eventPrinter(progress: Progress) {
  return (event: FineTuningJobEvent) => {
    progress.clear();
    const data = (event.data ?? {}) as Record<string, unknown>;
    const level = event.level === "info" ? "" : `${event.level.toUpperCase()} `;
    if (event.type === "metrics" && typeof data.step === "number") {
      const total = typeof data.total_steps === "number" ? `/${data.total_steps}` : "";
      const loss = typeof data.train_loss === "number" ? `  train loss ${data.train_loss.toFixed(4)}` : "";
      const valid = typeof data.valid_loss === "number" ? `  valid loss ${data.valid_loss.toFixed(4)}` : "";
      progress.step = `step ${data.step}${total}${loss.replace("  train", " ·")}`;
      out(`  ${clock(event.created_at)}  step ${data.step}${total}${loss}${valid}`);
    } else out(`  ${clock(event.created_at)}  ${level}${event.message}`);
  };
}

function printOutcome(outcome: JobOutcome, config: string): number {
  const { job, record } = outcome;
  if (job.status === "succeeded" && record) {
    const seconds = job.finished_at && job.created_at ? ` in ${job.finished_at - job.created_at} s` : "";
    out(`job ${job.id} succeeded${seconds}: ${record.model}`);
    out(
      `  trained tokens ${record.trainedTokens === null ? "not reported" : int(record.trainedTokens)} (estimated ${record.estimatedTokens === null ? "-" : int(record.estimatedTokens)}); training cost ${money(record.trainingCost)}`,
    );
    out(
      `recorded in ${rel(path.join(path.dirname(path.resolve(config)), ".tunebench", "tuned-model.json"))}: \`tunebench run\` uses it for tuned strategies on endpoint "${record.endpoint}" that name no model. To pin it, put this in ${rel(path.resolve(config))}:`,
    );
    out("strategies:");
    out(`  tuned: { endpoint: ${record.endpoint}, model: "${record.model}" }`);
    return EXIT.ok;
  }
  if (job.status === "failed") {
    const e = job.error;
    err(`job ${job.id} failed${e ? `: ${e.code}${e.param ? ` (${e.param})` : ""}: ${e.message}` : ""}`);
    return EXIT.gateFailed;
  }
  if (job.status === "cancelled") {
    err(`job ${job.id} was cancelled`);
    return EXIT.gateFailed;
  }
  out(`job ${job.id}: ${job.status}`);
  return EXIT.ok;
}

interface JobFlags {
  config: string;
  endpoint?: string;
  simJobSeconds?: number;
}

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

async function runWait(jobId: string | undefined, flags: JobFlags): Promise<number> {
  const { openProject, waitForJob, readTuneState } = await import("../finetune/index.js");
  const project = await openProject(flags.config);
  const progress = new Progress();
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  const saved = readTuneState(project.layout.tuneState);
  const id = jobId ?? saved?.jobId;
  if (id)
    out(
      `following job ${id}${saved?.lastEventId && (!jobId || jobId === saved.jobId) ? " (resuming after the last event shown)" : ""}`,
    );
  try {
    const outcome = await waitForJob(project, {
      ...(jobId ? { jobId } : {}),
      ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
      ...(flags.simJobSeconds ? { simJobSeconds: flags.simJobSeconds } : {}),
      onEvent: eventPrinter(progress),
      onPoll: (job) => progress.show(job),
      signal: controller.signal,
    });
    progress.clear();
    return printOutcome(outcome, flags.config);
  } catch (error) {
    progress.clear();
    if (controller.signal.aborted) {
      err(`stopped waiting; the job keeps running. \`tunebench tune wait\` picks up where this left off.`);
      return 130;
    }
    throw error;
  } finally {
    process.off("SIGINT", stop);
  }
}

const HELP_FILES = `
Files: prepare writes .tunebench/tune/train.jsonl and valid.jsonl; start records the job in
.tunebench/tune/state.json (status, wait and cancel use it); a succeeded job's model goes to
.tunebench/tuned-model.json, where \`tunebench run\` finds it for the tuned strategy.`;

export function registerTuneCommand(program: Command): void {
  const tune = program
    .command("tune")
    .description("fine-tune a model on the suites' examples: prepare, validate, estimate, start, wait")
    .addHelpText(
      "after",
      `
Walkthrough (offline, on the simulator):
  tunebench tune prepare          # suites -> .tunebench/tune/train.jsonl + valid.jsonl, leakage check
  tunebench tune validate         # format checks, token limits, distributions
  tunebench tune estimate         # tokens, epochs, training cost; cost per call vs prompt and retrieval
  tunebench tune start --yes      # upload, create the job
  tunebench tune wait             # follow it; on success the tuned model is recorded
  tunebench run                   # baseline, prompt, retrieval and tuned on the same cases
${HELP_FILES}`,
    );

  tune
    .command("prepare")
    .description(
      "build chat-format training JSONL from the suites' examples and datasets, with a validation split and a leakage check",
    )
    .option("-c, --config <file>", "config file", "eval.config.yaml")
    .option(
      "-s, --suite <name>",
      "only these suites provide training data (repeatable)",
      (v: string, prev: string[] = []) => [...prev, ...v.split(",").filter(Boolean)],
    )
    .option("-o, --out <dir>", "output folder (default: .tunebench/tune beside the config)")
    .option(
      "--valid-share <share>",
      "share of each suite's examples held out for validation",
      parseRatio("--valid-share", 0.9),
      0.1,
    )
    .option("--seed <n>", "seed of the validation split", parseSeed, 0)
    .option(
      "--leak-threshold <similarity>",
      "a case this similar (0..1) to a training input is a leak",
      parseRatio("--leak-threshold", 1),
      0.9,
    )
    .option("--allow-leaks", "report leaks as warnings and write the files anyway")
    .addHelpText(
      "after",
      `
Every non-canary suite's task.examples (and task.datasets: JSONL in chat format or CSV with
input,output columns, relative to the suite file) become {"messages": [system, user, assistant]}
with the tuned strategy's short system prompt (task.tunedSystem, else task.system). Canary
suites are never trained on. Duplicates are removed; the split is seeded and stable.
Leakage: an evaluation case whose input equals (after normalising case, spaces and punctuation)
or is at least --leak-threshold similar to a training input is an error naming both.

Examples:
  tunebench tune prepare
  tunebench tune prepare --valid-share 0.2 --seed 7
  tunebench tune prepare -s ticket-triage -o data/

Exit codes: 0 written, 2 leaks or bad input (nothing written).`,
    )
    .action(
      tuneAction(async (flags: PrepareFlags) => {
        const { prepareTraining } = await import("../finetune/index.js");
        if (flags.out) checkOutDir(path.resolve(flags.out), "--out");
        const result = await prepareTraining({
          config: flags.config,
          ...(flags.suite ? { suites: flags.suite } : {}),
          ...(flags.out ? { outDir: flags.out } : {}),
          validShare: flags.validShare,
          seed: flags.seed,
          leakThreshold: flags.leakThreshold,
          allowLeaks: Boolean(flags.allowLeaks),
        });
        printPrepare(result, flags.leakThreshold);
        return EXIT.ok;
      }),
    );

  tune
    .command("validate")
    .description(
      "check a fine-tuning JSONL file: format, roles, keys, token limits, duplicates; show distributions",
    )
    .argument("[file]", "JSONL file (default: .tunebench/tune/train.jsonl)")
    .option("-c, --config <file>", "config file (for the default file and model)", "eval.config.yaml")
    .option(
      "-m, --model <model>",
      "target model: its per-example token limit and tokenizer (default: sim-base)",
    )
    .option(
      "--max-tokens <n>",
      "per-example token limit instead of the model's",
      parsePositiveInt("--max-tokens", MAX.tokens),
    )
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Checks (errors): invalid JSON, not an object, no messages list, message without role or content,
unrecognised message key, unrecognised role, missing/empty content, empty assistant message, no
assistant message, weight other than 0/1, malformed preference (DPO) lines, mixed formats, fewer
than 10 examples, file over 512 MB, an example whose assistant part is cut off by the token limit.
Warnings: no system or user message, over the token limit (will be truncated), duplicates.
Accepted as valid: tool_calls with tools, content null beside tool calls, tool and developer
roles, weight 0/1, DPO lines (input, preferred_output, non_preferred_output).
Token limits per example: 4,096 gpt-3.5-turbo-0613; 16,385 gpt-3.5-turbo(-1106/-0125);
65,536 gpt-4o, gpt-4o-mini, gpt-4.1 family and sim-base; unknown models 65,536 with a warning.

Examples:
  tunebench tune validate
  tunebench tune validate data/train.jsonl --model gpt-4o-mini-2024-07-18
  tunebench tune validate data/train.jsonl --json | jq .errors

Exit codes: 0 no errors, 1 errors found, 2 file cannot be read.`,
    )
    .action(
      tuneAction(
        async (
          file: string | undefined,
          flags: { config: string; model?: string; maxTokens?: number; json?: boolean },
        ) => {
          const { validateTrainingFile } = await import("../finetune/index.js");
          const target =
            file ?? path.join(path.dirname(path.resolve(flags.config)), ".tunebench", "tune", "train.jsonl");
          const model = flags.model ?? (await defaultModelFor(flags.config));
          const result = await validateTrainingFile(target, {
            model,
            ...(flags.maxTokens ? { maxTokens: flags.maxTokens } : {}),
          });
          if (flags.json) {
            const { perExample: _perExample, ...rest } = result;
            out(JSON.stringify(rest, null, 2));
          } else printValidation(result);
          return result.ok ? EXIT.ok : EXIT.gateFailed;
        },
      ),
    );

  tune
    .command("estimate")
    .description(
      "tokens, epochs and training cost of a JSONL file; expected cost per call of the tuned model vs prompt and retrieval",
    )
    .argument("[file]", "JSONL file (default: .tunebench/tune/train.jsonl)")
    .option("-c, --config <file>", "config file (prices, outDir)", "eval.config.yaml")
    .option("-m, --model <model>", "model to fine-tune: tokenizer, token limit, prices (default: sim-base)")
    .option(
      "--max-tokens <n>",
      "per-example token limit instead of the model's",
      parsePositiveInt("--max-tokens", MAX.tokens),
    )
    .option("--epochs <n>", "epochs instead of the default rule", parsePositiveInt("--epochs", MAX.epochs))
    .option("--run <dir>", "the run to compare with (default: the latest under reports/)")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Tokens per example by the OpenAI cookbook's count: 3 per message + the tokens of each value + 1
per name + 3 for the reply priming (o200k_base, or cl100k_base for gpt-3.5/gpt-4). Default
epochs: 3; min(25, floor(100/n)) when 3n < 100; max(1, floor(25000/n)) when 3n > 25000.
Billed tokens = epochs x sum(min(limit, tokens)); cost = billed tokens x the training price.
Example: 100,000 tokens x 3 epochs at $0.008/1K (gpt-3.5-turbo-0613) = $2.40.

Examples:
  tunebench tune estimate
  tunebench tune estimate data/train.jsonl --model gpt-4o-mini-2024-07-18 --epochs 2

Exit codes: 0 estimated, 2 file cannot be read.`,
    )
    .action(
      tuneAction(
        async (
          file: string | undefined,
          flags: {
            config: string;
            model?: string;
            maxTokens?: number;
            epochs?: number;
            run?: string;
            json?: boolean;
          },
        ) => {
          const { estimateTrainingFile, latestRunDir, measuredCosts, readRunSummary } = await import(
            "../finetune/index.js"
          );
          const { loadConfig } = await import("../config/index.js");
          const configFile = path.resolve(flags.config);
          const { existsSync } = await import("node:fs");
          const loaded = existsSync(configFile) ? await loadConfig(configFile) : null;
          const target = file ?? path.join(path.dirname(configFile), ".tunebench", "tune", "train.jsonl");
          const model = flags.model ?? (await defaultModelFor(flags.config));
          const estimate = await estimateTrainingFile(target, {
            model,
            prices: loaded?.config.prices ?? {},
            ...(flags.maxTokens ? { maxTokens: flags.maxTokens } : {}),
            ...(flags.epochs ? { epochs: flags.epochs } : {}),
          });
          const outDir = loaded
            ? path.resolve(loaded.dir, loaded.config.run.outDir)
            : path.resolve("reports");
          const runDir = flags.run ? path.resolve(flags.run) : latestRunDir(outDir);
          const measured = runDir
            ? { run: path.basename(runDir), costs: measuredCosts(readRunSummary(runDir)) }
            : null;
          if (flags.json) out(JSON.stringify({ ...estimate, measured }, null, 2));
          else printEstimate(estimate, measured);
          return EXIT.ok;
        },
      ),
    );

  tune
    .command("start")
    .description(
      "upload the training (and validation) file and create a fine-tuning job, after showing cost and a personal-data scan",
    )
    .option("-c, --config <file>", "config file", "eval.config.yaml")
    .option("--train <file>", "training file (default: .tunebench/tune/train.jsonl)")
    .option("--valid <file>", "validation file (default: .tunebench/tune/valid.jsonl when it exists)")
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
  tunebench tune start -e openai -m gpt-4o-mini-2024-07-18 --epochs 3 --yes

Exit codes: 0 job created (with --wait: succeeded), 1 with --wait: job failed or cancelled,
2 bad input, refused confirmation, or a job still running.
${HELP_FILES}`,
    )
    .action(
      tuneAction(async (flags: StartFlags) => {
        const { openProject, planUpload, startJob } = await import("../finetune/index.js");
        const project = await openProject(flags.config);
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
        const { describePii } = await import("../finetune/index.js");
        printPlan(plan, describePii);
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
        const { job } = await startJob(project, plan);
        out(`created job ${job.id} (${job.status}) on endpoint "${plan.endpoint.name}", model ${job.model}`);
        if (flags.wait) return runWait(job.id, { config: flags.config });
        out("follow it: tunebench tune wait   (state in .tunebench/tune/state.json; Ctrl-C loses nothing)");
        return EXIT.ok;
      }),
    );

  const jobCommand = (name: string, description: string, examples: string) =>
    tune
      .command(name)
      .description(description)
      .argument("[job-id]", "job id (default: the one in .tunebench/tune/state.json)")
      .option("-c, --config <file>", "config file", "eval.config.yaml")
      .option("-e, --endpoint <name>", "endpoint of the job (default: the saved one)")
      .option("--sim-job-seconds <s>", "simulator: duration of new jobs", parseSeconds)
      .addHelpText("after", examples);

  jobCommand(
    "wait",
    "follow the job (events, step, train loss) until it ends; record the tuned model on success",
    `
Resumes after the last event shown, so a wait stopped by Ctrl-C or a crash picks up again.
Polls with backoff (0.5 s to 10 s; 0.1 s to 1 s on the simulator).

Examples:
  tunebench tune wait
  tunebench tune wait ftjob-abc123 -e openai

Exit codes: 0 succeeded (model recorded), 1 failed or cancelled, 2 no job, 130 stopped by Ctrl-C.`,
  ).action(tuneAction(async (jobId: string | undefined, flags: JobFlags) => runWait(jobId, flags)));

  jobCommand(
    "status",
    "show the job's status, model, tokens, error and latest events; record the model if it succeeded",
    `
Examples:
  tunebench tune status
  tunebench tune status ftjob-abc123 -e openai

Exit codes: 0 shown, 2 no job.`,
  ).action(
    tuneAction(async (jobId: string | undefined, flags: JobFlags) => {
      const { jobStatusOnce, openProject } = await import("../finetune/index.js");
      const project = await openProject(flags.config);
      const outcome = await jobStatusOnce(project, {
        ...(jobId ? { jobId } : {}),
        ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
      });
      const { job, events } = outcome;
      out(`job ${job.id} on endpoint "${outcome.state.endpoint}": ${job.status}`);
      out(
        `  model ${job.model}; created ${new Date(job.created_at * 1000).toISOString()}${job.finished_at ? `; finished ${new Date(job.finished_at * 1000).toISOString()}` : ""}`,
      );
      const h = job.hyperparameters;
      out(
        `  epochs ${h.n_epochs ?? "auto"}, batch size ${h.batch_size ?? "auto"}, learning-rate multiplier ${h.learning_rate_multiplier ?? "auto"}`,
      );
      if (job.trained_tokens !== null && job.trained_tokens !== undefined)
        out(`  trained tokens ${int(job.trained_tokens)}`);
      const recent = events.slice(-5);
      if (recent.length) {
        out(`  latest events (${events.length} in all):`);
        const print = eventPrinter(new Progress());
        for (const e of recent) print(e);
      }
      if (job.status === "failed" || job.status === "cancelled" || job.status === "succeeded")
        printOutcome(outcome, flags.config);
      else out("follow it: tunebench tune wait");
      return EXIT.ok;
    }),
  );

  jobCommand(
    "cancel",
    "cancel the job",
    `
Examples:
  tunebench tune cancel
  tunebench tune cancel ftjob-abc123 -e openai

Exit codes: 0 cancelled (or already finished: said so), 2 no job.`,
  ).action(
    tuneAction(async (jobId: string | undefined, flags: JobFlags) => {
      const { cancelJob, openProject } = await import("../finetune/index.js");
      const project = await openProject(flags.config);
      const { job } = await cancelJob(project, {
        ...(jobId ? { jobId } : {}),
        ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
      });
      if (job.status === "cancelled") out(`cancelled job ${job.id}`);
      else out(`job ${job.id} had already ${job.status}; nothing to cancel`);
      return EXIT.ok;
    }),
  );
}

/** The model validate/estimate assume: the tuned strategy's base if the config names one, else sim-base. */
async function defaultModelFor(config: string): Promise<string> {
  const { existsSync } = await import("node:fs");
  const { SIM_BASE_MODEL } = await import("../project/index.js");
  if (!existsSync(path.resolve(config))) return SIM_BASE_MODEL;
  const { openProject } = await import("../finetune/index.js");
  const { baseModelOf } = await import("../finetune/limits.js");
  const project = await openProject(config);
  const { resolveStrategies } = await import("../config/index.js");
  const tuned = resolveStrategies(project.loaded.config).find((s) => s.type === "tuned");
  return tuned?.config.model ? baseModelOf(tuned.config.model) : SIM_BASE_MODEL;
}
