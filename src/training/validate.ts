// Validation of a training file: every line through the checks, then the file-level rules.
import { stat } from "node:fs/promises";
import { pathKind, pathProblem } from "../config/path-kind.js";
import type { Encoding } from "../model/index.js";
import { SIM_BASE_MODEL } from "../project/index.js";
import { type CheckContext, checkLine, type ExampleStats } from "./check.js";
import { type JsonlLine, jsonlLines, readJsonlFile } from "./jsonl.js";
import { FILE_SIZE_LIMIT, MIN_EXAMPLES, tokenLimitFor } from "./limits.js";
import { IssueCollector, type IssueSummary } from "./rules.js";
import { type Distribution, distribution } from "./stats.js";

export interface ValidationOptions {
  /** Target model: its per-example token limit and tokenizer. Default sim-base. */
  model?: string;
  /** Overrides the model's per-example token limit. */
  maxTokens?: number;
  /** The file's size in bytes, when known (validateTrainingFile fills it in). */
  bytes?: number;
  /** Overrides FILE_SIZE_LIMIT (tests). */
  fileSizeLimit?: number;
}

export interface ValidationResult {
  file: string | null;
  bytes: number;
  model: string;
  encoding: Encoding;
  tokenLimit: number;
  /** Non-blank lines, each meant to be one example. */
  lines: number;
  /** Lines that are chat or preference examples (possibly with errors). */
  examples: number;
  format: "chat" | "preference" | "mixed" | "none";
  ok: boolean;
  errors: IssueSummary[];
  warnings: IssueSummary[];
  distributions: {
    messages: Distribution | null;
    totalTokens: Distribution | null;
    assistantTokens: Distribution | null;
  };
  /** Per example: line, message count, cookbook tokens, assistant, prompt and answer tokens. */
  perExample: ExampleStats[];
}

/** Takes the lines one at a time, so a file is validated as it streams by. */
class Validator {
  readonly #issues = new IssueCollector();
  readonly #context: CheckContext;
  readonly #perExample: ExampleStats[] = [];
  readonly #first = { chat: 0, preference: 0 };
  readonly #count = { chat: 0, preference: 0 };
  #lines = 0;

  constructor(
    readonly model: string,
    readonly limit: number,
    readonly encoding: Encoding,
  ) {
    this.#context = { encoding, limit, seen: new Set() };
  }

  add(entry: JsonlLine): void {
    const { hits, format, stats } = checkLine(entry, this.#context);
    if (entry.blank) hits.add("blank_line");
    else this.#lines++;
    if (format) {
      this.#count[format]++;
      this.#first[format] ||= entry.line;
    }
    if (stats) this.#perExample.push(stats);
    for (const code of hits) this.#issues.add(code, entry.line);
  }

  result(bytes: number, sizeLimit: number, known: boolean): ValidationResult {
    const issues = this.#issues;
    const { chat, preference } = this.#count;
    if (!known)
      issues.add("unknown_model_limit", null, `${this.model}: assumed ${this.limit} tokens per example`);
    // Point at the first line of the minority format.
    if (chat > 0 && preference > 0)
      issues.add("mixed_formats", chat >= preference ? this.#first.preference : this.#first.chat);
    if (this.#lines < MIN_EXAMPLES)
      issues.add("too_few_examples", null, `${this.#lines} example(s); a job needs at least ${MIN_EXAMPLES}`);
    if (bytes > sizeLimit) issues.add("file_too_large", null, `${bytes} bytes; the limit is ${sizeLimit}`);
    const errors = issues.list("error");
    const perExample = this.#perExample;
    return {
      file: null,
      bytes,
      model: this.model,
      encoding: this.encoding,
      tokenLimit: this.limit,
      lines: this.#lines,
      examples: chat + preference,
      format:
        chat > 0 && preference > 0 ? "mixed" : chat > 0 ? "chat" : preference > 0 ? "preference" : "none",
      ok: errors.length === 0,
      errors,
      warnings: issues.list("warning"),
      distributions: {
        messages: distribution(perExample.map((e) => e.messages)),
        totalTokens: distribution(perExample.map((e) => e.tokens)),
        assistantTokens: distribution(perExample.map((e) => e.assistantTokens)),
      },
      perExample,
    };
  }
}

function validator(options: ValidationOptions) {
  const model = options.model ?? SIM_BASE_MODEL;
  const { limit, known, encoding } = tokenLimitFor(model, options.maxTokens);
  const sizeLimit = options.fileSizeLimit ?? FILE_SIZE_LIMIT;
  return { check: new Validator(model, limit, encoding), known, sizeLimit };
}

/** Validates JSONL (text, or the bytes as uploaded) as fine-tuning data; never throws on bad content. */
export function validateTrainingData(
  data: string | Uint8Array,
  options: ValidationOptions = {},
): ValidationResult {
  const { check, known, sizeLimit } = validator(options);
  for (const entry of jsonlLines(data)) check.add(entry);
  const bytes = options.bytes ?? (typeof data === "string" ? Buffer.byteLength(data) : data.length);
  return check.result(bytes, sizeLimit, known);
}

/** The file can't be read (missing, a directory, no permission): bad input, not a validation result. */
export class TrainingFileError extends Error {
  override readonly name: string = "TrainingFileError";
}

/** The file breaks validation rules: the result says which, on which lines. */
export class TrainingDataError extends TrainingFileError {
  override readonly name = "TrainingDataError";
  constructor(readonly validation: ValidationResult) {
    const kinds = validation.errors.length;
    super(`${validation.file ?? "training data"}: ${kinds} kind${kinds === 1 ? "" : "s"} of error`);
  }
}

const TRAINING_FILE = {
  kind: "file",
  what: "a JSONL training file",
  give: 'give a JSONL file of {"messages": [...]} lines, or make one with `tunebench tune prepare`',
} as const;

const cannotRead = (file: string, error: unknown) =>
  new TrainingFileError(`${file}: ${(error as Error).message}`);

/** Streams and validates a file; a file over the size limit is not read, only reported. */
export async function validateTrainingFile(
  file: string,
  options: ValidationOptions = {},
): Promise<ValidationResult> {
  const problem = pathProblem(file, await pathKind(file), TRAINING_FILE);
  if (problem) throw new TrainingFileError(problem);
  let bytes: number;
  try {
    bytes = (await stat(file)).size;
  } catch (error) {
    throw cannotRead(file, error);
  }
  const { check, known, sizeLimit } = validator(options);
  if (bytes <= sizeLimit) {
    try {
      for await (const entry of readJsonlFile(file)) check.add(entry);
    } catch (error) {
      throw cannotRead(file, error);
    }
  }
  const result = check.result(bytes, sizeLimit, known);
  if (bytes > sizeLimit) {
    // Unread, so the example count says nothing: keep only the size error.
    result.errors = result.errors.filter((e) => e.code === "file_too_large");
    result.ok = false;
  }
  result.file = file;
  return result;
}
