import path from "node:path";
import type { Command } from "commander";
import { formatCount } from "../../analysis/format.js";
import type { LoadedConfig } from "../../config/index.js";
import { MAX } from "../../config/limits.js";
import type { CallCostRow, MeasuredCost, TrainingEstimate } from "../../finetune/index.js";
import { collect, EXIT, parsePositiveInt, UsageError } from "../errors.js";
import {
  defaultModelFor,
  defaultTrainFile,
  money,
  optionalConfig,
  out,
  rel,
  SUITE_HELP,
  tuneAction,
} from "./helpers.js";
import { printValidation, validationJson } from "./validate.js";

interface EstimateFlags {
  config: string;
  suite?: string[];
  model?: string;
  maxTokens?: number;
  epochs?: number;
  run?: string;
  json?: boolean;
}

function printEstimate(
  estimate: TrainingEstimate,
  measured: { run: string; costs: MeasuredCost[] } | null,
  rows: readonly CallCostRow[],
): void {
  out(
    `${rel(estimate.file ?? "-")}: model ${estimate.model} (${estimate.encoding}, limit ${formatCount(estimate.tokenLimit)} tokens per example${estimate.limitKnown ? "" : ", assumed"})`,
  );
  out(`  examples          ${formatCount(estimate.examples)}`);
  const over = estimate.overLimit
    ? `${estimate.overLimit} over the limit: billed and trained only up to it`
    : "none over the limit";
  out(
    `  tokens            ${formatCount(estimate.totalTokens)} (mean ${estimate.meanTokens.toFixed(1)} per example; ${over})`,
  );
  const rule =
    estimate.epochsSource === "given"
      ? "as given"
      : `default rule for ${formatCount(estimate.examples)} examples`;
  out(`  epochs            ${estimate.epochs} (${rule})`);
  out(
    `  billed tokens     ${formatCount(estimate.billedTokens)} = ${estimate.epochs} x ${formatCount(estimate.tokensPerEpoch)}`,
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
  for (const r of rows) {
    out(
      `  ${r.strategy.padEnd(14)}${r.kind.padEnd(10)}${r.tokensIn.toFixed(1).padStart(11)}${r.tokensOut.toFixed(1).padStart(12)}${money(r.costPerCall).padStart(13)}`,
    );
  }
  if (call) {
    out(
      `  (tuned: the training examples' short prompts and answers at ${call.model} prices${call.price ? ` $${call.price.input}/$${call.price.output} per 1M in/out` : ""})`,
    );
  }
  if (!measured) out("  no previous run found: `tunebench run` measures prompt and retrieval");
}

/** The run to compare with: --run (a run folder, its trials.jsonl or its run id), else the newest under the config's outDir (reports/ without a config). */
async function measuredRun(flags: EstimateFlags, loaded: LoadedConfig | null, outDir: string) {
  const { latestRunDir, measuredCosts, readRunSummary } = await import("./run-costs.js");
  const { runDirOf, runLogProblem } = await import("../../runlog/index.js");
  const run = flags.run && (await (await import("../runs-of.js")).runNamed(flags.run, loaded));
  if (run) {
    // The same line as every command given a run path that holds no run log (loadRun's).
    const problem = runLogProblem(path.resolve(run), run);
    if (problem) throw new UsageError(`--run: ${problem}`);
  }
  const runDir = run ? runDirOf(path.resolve(run)) : latestRunDir(outDir);
  return runDir ? { run: path.basename(runDir), costs: measuredCosts(readRunSummary(runDir)) } : null;
}

async function runEstimate(file: string | undefined, flags: EstimateFlags): Promise<number> {
  const { callCostRows, estimateTrainingFile } = await import("../../finetune/index.js");
  const { TrainingDataError } = await import("../../training/index.js");
  const loaded = await optionalConfig(flags.config);
  const target = file ?? (await defaultTrainFile(flags.config, flags.suite));
  const model = flags.model ?? (await defaultModelFor(loaded));
  let estimate: TrainingEstimate;
  try {
    estimate = await estimateTrainingFile(target, {
      model,
      prices: loaded?.config.prices ?? {},
      ...(flags.maxTokens ? { maxTokens: flags.maxTokens } : {}),
      ...(flags.epochs ? { epochs: flags.epochs } : {}),
    });
  } catch (error) {
    // The same checks as `tune validate`, the same report and exit code.
    if (!(error instanceof TrainingDataError)) throw error;
    if (flags.json) out(validationJson(error.validation));
    else printValidation(error.validation);
    return EXIT.gateFailed;
  }
  const outDir = loaded ? path.resolve(loaded.dir, loaded.config.run.outDir) : path.resolve("reports");
  const measured = await measuredRun(flags, loaded, outDir);
  if (flags.json) out(JSON.stringify({ ...estimate, measured }, null, 2));
  else printEstimate(estimate, measured, callCostRows(estimate, measured?.costs ?? []));
  return EXIT.ok;
}

export function registerEstimate(tune: Command): void {
  tune
    .command("estimate")
    .description(
      "tokens, epochs and training cost of a JSONL file; expected cost per call of the tuned model vs prompt and retrieval",
    )
    .argument("[file]", "JSONL file (default: .tunebench/tune/train.jsonl, or the --suite's)")
    .option("-c, --config <file>", "config file (prices, outDir)", "eval.config.yaml")
    .option("-s, --suite <name>", SUITE_HELP, collect)
    .option("-m, --model <model>", "model to fine-tune: tokenizer, token limit, prices (default: sim-base)")
    .option(
      "--max-tokens <n>",
      "per-example token limit instead of the model's",
      parsePositiveInt("--max-tokens", MAX.tokens),
    )
    .option("--epochs <n>", "epochs instead of the default rule", parsePositiveInt("--epochs", MAX.epochs))
    .option(
      "--run <run>",
      "the run to compare with: a run folder, its trials.jsonl or its run id (default: the latest under reports/)",
    )
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      `
Tokens per example by the OpenAI cookbook's count: 3 per message + the tokens of each value + 1
per name + 3 for the reply priming (o200k_base, or cl100k_base for gpt-3.5/gpt-4); function
definitions (tools, or the legacy functions) by the cookbook's rule for tools. Default
epochs: 3; min(25, floor(100/n)) when 3n < 100; max(1, floor(25000/n)) when 3n > 25000.
Billed tokens = epochs x sum(min(limit, tokens)); cost = billed tokens x the training price.
Example: 100,000 tokens x 3 epochs at $0.008/1K (gpt-3.5-turbo-0613) = $2.40.
The file is checked first as \`tune validate\` checks it; a file with errors is not estimated.

Examples:
  tunebench tune estimate
  tunebench tune estimate --suite zh-support-style
  tunebench tune estimate data/train.jsonl --model gpt-4o-mini-2024-07-18 --epochs 2

Exit codes: 0 estimated, 1 the file has errors (listed as by validate), 2 file cannot be read.`,
    )
    .action(tuneAction(runEstimate));
}
