import path from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { PrepareResult } from "../../finetune/index.js";
import { TRAINER_FORMATS, type TrainerFormat } from "../../finetune/trainer-formats.js";
import { suiteFlags } from "../../project/index.js";
import { collect, EXIT, flagNumber } from "../errors.js";
import { checkOutDir } from "../out-dir.js";
import { err, out, parseSeed, printLeaks, rel, SUITE_HELP, tuneAction } from "./helpers.js";

interface PrepareFlags {
  config: string;
  suite?: string[];
  out?: string;
  validShare: number;
  seed: number;
  leakThreshold: number;
  allowLeaks?: boolean;
  format: TrainerFormat;
}

function parseRatio(flag: string, max: number) {
  return (value: string): number => {
    const n = flagNumber(value);
    if (!Number.isFinite(n) || n < 0 || n > max)
      throw new InvalidArgumentError(`${flag} expects a number from 0 to ${max}, got "${value}"`);
    return n;
  };
}

function printPrepare(result: PrepareResult, threshold: number, suites: string[] | undefined): void {
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
  out(
    `next: tunebench tune validate ${rel(result.trainFile)}, then tunebench tune start${suiteFlags(suites)}`,
  );
}

export function registerPrepare(tune: Command): void {
  tune
    .command("prepare")
    .description(
      "build chat-format training JSONL from the suites' examples and datasets, with a validation split and a leakage check",
    )
    .option("-c, --config <file>", "config file", "eval.config.yaml")
    .option("-s, --suite <name>", `only these suites provide training data: ${SUITE_HELP}`, collect)
    .option("-o, --out <dir>", "output folder (default: .tunebench/tune beside the config, or tune/<suite>)")
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
    .addOption(
      new Option(
        "--format <trainer>",
        "also write what a trainer needs: openai (the chat JSONL alone; Azure OpenAI reads it too) or axolotl (an axolotl.yml datasets stanza beside it)",
      )
        .choices(TRAINER_FORMATS)
        .default("openai"),
    )
    .addHelpText(
      "after",
      `
Every non-canary suite's task.examples (and task.datasets: JSONL in chat format or CSV with
input,output columns, relative to the suite file) become {"messages": [system, user, assistant]}
with the tuned strategy's short system prompt (task.tunedSystem, else task.system). Canary
suites are never trained on. Duplicates are removed; the split is seeded and stable.
With --suite only those suites' examples are used, written to .tunebench/tune/<suite>/ (several:
tune/<a+b>/), so each task gets a model of its own; start, wait and status take the same --suite.
Leakage: an evaluation case whose input equals (after normalising case, spaces and punctuation)
or is at least --leak-threshold similar to a training input is an error naming both.

Examples:
  tunebench tune prepare
  tunebench tune prepare --valid-share 0.2 --seed 7
  tunebench tune prepare --suite ticket-triage
  tunebench tune prepare -s ticket-triage -o data/
  tunebench tune prepare --format axolotl   # + axolotl.yml: the JSONL as a chat_template dataset

Exit codes: 0 written, 2 leaks or bad input (nothing written).`,
    )
    .action(
      tuneAction(async (flags: PrepareFlags) => {
        const { prepareTraining, writeTrainerFiles } = await import("../../finetune/index.js");
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
        printPrepare(result, flags.leakThreshold, flags.suite);
        for (const file of writeTrainerFiles(flags.format, result.trainFile, result.validFile))
          out(`wrote ${rel(file)} (${flags.format}: the datasets stanza for these files)`);
        return EXIT.ok;
      }),
    );
}
