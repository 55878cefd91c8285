// What the simulator's fine-tuning endpoint makes of an uploaded training file: whether the job
// fails on it (by the same rules as `tune validate`), what it bills, and what a tuned model learns.
import type { ChatMessage } from "../model/index.js";
import {
  billedTokens,
  contentText,
  isObject,
  jsonlLines,
  RULES,
  type ValidationResult,
  validateTrainingData,
} from "../training/index.js";
import type { LearnedExample } from "./brain/parse.js";
import { learnedExamples } from "./brain/tuned.js";
import type { StoredJob } from "./job-timeline.js";

export type Method = StoredJob["method"];
type Param = "training_file" | "validation_file";

/** Why a file makes the job fail, in the real API's words; null when it is fine. */
function failureOf(result: ValidationResult, method: Method, param: Param): StoredJob["failure"] {
  const code = param === "training_file" ? "invalid_training_file" : "invalid_validation_file";
  const which = param === "training_file" ? "training" : "validation";
  const fail = (detail: string) => ({
    code,
    param,
    message: `The job failed due to an invalid ${which} file. ${detail}`,
  });
  const wanted = method === "dpo" ? "preference" : "chat";
  if (result.format !== "none" && result.format !== wanted && result.format !== "mixed") {
    return fail(
      `Invalid file format for the ${method} method: the examples are ${result.format} examples, expected ${wanted} examples.`,
    );
  }
  const first = result.errors.find((e) => !(param === "validation_file" && e.code === "too_few_examples"));
  if (!first) return null;
  if (first.code === "too_few_examples") {
    return fail(
      `${which[0]?.toUpperCase()}${which.slice(1)} file has ${result.lines} example(s), but must have at least 10 examples.`,
    );
  }
  const line = first.lines[0];
  return fail(
    `Invalid file format. ${line !== undefined ? `Line ${line}: ` : ""}${RULES[first.code].title}.`,
  );
}

export interface FileVerdict {
  failure: StoredJob["failure"];
  /** Non-blank lines. */
  examples: number;
  /** Tokens billed for `epochs`: epochs × Σ min(limit, tokens). */
  billed(epochs: number): number;
}

/** Checks an uploaded file (its bytes, as sent) for a job on `model`. */
export function checkTrainingFile(
  data: Uint8Array,
  model: string,
  method: Method,
  param: Param,
): FileVerdict {
  const result = validateTrainingData(data, { model });
  const tokens = result.perExample.map((e) => e.tokens);
  return {
    failure: failureOf(result, method, param),
    examples: result.lines,
    billed: (epochs) => billedTokens(tokens, result.tokenLimit, epochs),
  };
}

/** The examples a tuned model learns from a training file (chat lines, and preferred outputs of DPO lines). */
export function learnedFrom(data: Uint8Array): LearnedExample[] {
  const records: { messages: ChatMessage[] }[] = [];
  for (const { value } of jsonlLines(data)) {
    if (!isObject(value)) continue;
    let messages: unknown[] | null = null;
    if (Array.isArray(value.messages)) messages = value.messages;
    else if (
      isObject(value.input) &&
      Array.isArray(value.input.messages) &&
      Array.isArray(value.preferred_output)
    )
      messages = [...value.input.messages, ...value.preferred_output];
    if (!messages) continue;
    records.push({
      messages: messages.filter(isObject).map((m) => ({
        role: (m.role === "developer" ? "system" : m.role) as ChatMessage["role"],
        content: contentText(m.content),
      })),
    });
  }
  return learnedExamples(records);
}
