import type { Command } from "commander";
import { formatCount } from "../../analysis/format.js";
import { MAX } from "../../config/limits.js";
import type { Distribution, IssueSummary, ValidationResult } from "../../training/index.js";
import { collect, EXIT, parsePositiveInt } from "../errors.js";
import {
  defaultModelFor,
  defaultTrainFile,
  optionalConfig,
  out,
  rel,
  SUITE_HELP,
  size,
  tuneAction,
} from "./helpers.js";

function issueLine(issue: IssueSummary): string {
  const where = issue.lines.length
    ? ` (line${issue.lines.length === 1 ? "" : "s"} ${issue.lines.join(", ")}${issue.count > issue.lines.length ? ", ..." : ""})`
    : "";
  const detail = issue.detail ? `: ${issue.detail}` : "";
  return `  ${issue.code.padEnd(28)} ${String(issue.count).padStart(5)}  ${issue.title}${detail}${where}`;
}

function distributionRows(rows: [string, Distribution | null][]): string[] {
  const fmt = (n: number) => (Number.isInteger(n) ? formatCount(n) : n.toFixed(1));
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

/** What `tune validate` prints; `tune estimate` prints the same for a file it refuses. */
export function printValidation(result: ValidationResult): void {
  out(
    `${rel(result.file ?? "-")}: ${result.lines} example${result.lines === 1 ? "" : "s"} (${result.format}), ${size(result.bytes)}; model ${result.model} (${result.encoding}, limit ${formatCount(result.tokenLimit)} tokens per example)`,
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

/** The result as `--json` prints it (the per-example rows stay out). */
export function validationJson(result: ValidationResult): string {
  const { perExample: _perExample, ...rest } = result;
  return JSON.stringify(rest, null, 2);
}

export function registerValidate(tune: Command): void {
  tune
    .command("validate")
    .description(
      "check a fine-tuning JSONL file: format, roles, keys, token limits, duplicates; show distributions",
    )
    .argument("[file]", "JSONL file (default: .tunebench/tune/train.jsonl, or the --suite's)")
    .option("-c, --config <file>", "config file (for the default file and model)", "eval.config.yaml")
    .option("-s, --suite <name>", SUITE_HELP, collect)
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
Checks (errors): a UTF-8 byte order mark or bytes that are not UTF-8, invalid JSON, not an
object, no messages list, message without role or content, unrecognised message key,
unrecognised role, missing/empty content, empty assistant message, no assistant message, weight
other than 0/1, malformed preference (DPO) lines, mixed formats, fewer than 10 examples, file
over 512 MB, an example whose assistant part is cut off by the token limit.
Warnings: no system or user message, over the token limit (will be truncated), duplicates.
Accepted as valid: tool_calls with tools, content null beside tool calls, tool and developer
roles, weight 0/1, DPO lines (input, preferred_output, non_preferred_output).
Token limits per example: 4,096 gpt-3.5-turbo-0613; 16,385 gpt-3.5-turbo(-1106/-0125);
65,536 gpt-4o, gpt-4o-mini, gpt-4.1 family and sim-base; unknown models 65,536 with a warning.

Examples:
  tunebench tune validate
  tunebench tune validate --suite ticket-triage
  tunebench tune validate data/train.jsonl --model gpt-4o-mini-2024-07-18
  tunebench tune validate data/train.jsonl --json | jq .errors

Exit codes: 0 no errors, 1 errors found, 2 file cannot be read.`,
    )
    .action(
      tuneAction(
        async (
          file: string | undefined,
          flags: { config: string; suite?: string[]; model?: string; maxTokens?: number; json?: boolean },
        ) => {
          const { validateTrainingFile } = await import("../../training/index.js");
          const target = file ?? (await defaultTrainFile(flags.config, flags.suite));
          const model = flags.model ?? (await defaultModelFor(await optionalConfig(flags.config)));
          const result = await validateTrainingFile(target, {
            model,
            ...(flags.maxTokens ? { maxTokens: flags.maxTokens } : {}),
          });
          if (flags.json) out(validationJson(result));
          else printValidation(result);
          return result.ok ? EXIT.ok : EXIT.gateFailed;
        },
      ),
    );
}
