// Reading existing fine-tuning data for `tunebench import`: single-turn pairs (system, input,
// answer) from OpenAI chat JSONL or an input,output CSV. Anything that is not such a pair is
// skipped and counted; a file that is not this kind of data at all is bad input naming file:line.
import path from "node:path";
import { CsvError, parseCsvObjects } from "../config/csv.js";
import { InputError } from "../config/problem.js";
import { contentText, isObject, jsonlLines } from "../training/index.js";

/** One usable line: what a suite turns into an example or a held-out case. */
export interface ImportedPair {
  /** 1-based line in the file (where a CSV record starts). */
  line: number;
  /** The system (or developer) message, null when the line has none. */
  system: string | null;
  input: string;
  output: string;
}

export interface ReadPairs {
  format: "chat JSONL" | "CSV";
  pairs: ImportedPair[];
  skipped: { line: number; why: string }[];
}

/** Bad import input: one line, exit 2, nothing written. */
export class ImportError extends InputError {
  override readonly name = "ImportError";
}

const CHAT = 'chat examples {"messages": [...]} (OpenAI\'s fine-tuning format)';

/** The shape of a JSONL line: the formats fine-tuning files come in. */
function kindOf(value: unknown): string {
  if (!isObject(value)) return "not an object";
  if (Array.isArray(value.messages)) return "chat";
  if (isObject(value.input) && "preferred_output" in value) return "preference (DPO)";
  if ("prompt" in value && "completion" in value) return "prompt/completion";
  return `an object with keys ${Object.keys(value).slice(0, 5).join(", ") || "none"}`;
}

/** A chat line as a pair: system messages, then one user turn and the assistant's text answer. */
function chatPair(messages: unknown[], line: number): ImportedPair | string {
  const roles = messages.map((m) => (isObject(m) ? String(m.role) : "?"));
  const system = messages.find((m) => isObject(m) && (m.role === "system" || m.role === "developer"));
  const turns = messages.filter((m) => isObject(m) && m.role !== "system" && m.role !== "developer");
  const [user, answer] = turns;
  if (turns.length > 2) return `multi-turn (${roles.join(", ")})`;
  if (!isObject(user) || user.role !== "user" || !isObject(answer) || answer.role !== "assistant")
    return `not a user message and its answer (${roles.join(", ")})`;
  const input = contentText(user.content).trim();
  const output = contentText(answer.content).trim();
  if (!input) return "empty user message";
  if (!output)
    return answer.tool_calls || answer.function_call ? "a tool call, not a text answer" : "empty answer";
  const instructions = isObject(system) ? contentText(system.content).trim() : "";
  return { line, system: instructions || null, input, output };
}

function readChatJsonl(file: string, text: string): ReadPairs {
  const lines = [...jsonlLines(text)].filter((l) => !l.blank);
  const pairs: ImportedPair[] = [];
  const skipped: ReadPairs["skipped"] = [];
  const firstOfKind = new Map<string, number>();
  for (const { line, value, error } of lines) {
    if (error !== undefined)
      throw new ImportError(`${file}:${line}: not valid JSON (${error}); import reads ${CHAT}`);
    const kind = kindOf(value);
    if (!firstOfKind.has(kind)) firstOfKind.set(kind, line);
    if (kind !== "chat") continue;
    const pair = chatPair((value as { messages: unknown[] }).messages, line);
    if (typeof pair === "string") skipped.push({ line, why: pair });
    else pairs.push(pair);
  }
  const kinds = [...firstOfKind];
  if (kinds.length > 1)
    throw new ImportError(
      `${file}: mixed formats: ${kinds.map(([k, l]) => `line ${l} is ${k}`).join(", ")}; import reads one format: ${CHAT}`,
    );
  const [only] = kinds;
  if (only && only[0] !== "chat")
    throw new ImportError(`${file}:${only[1]}: ${only[0]}, not a chat example; import reads ${CHAT}`);
  return { format: "chat JSONL", pairs, skipped };
}

function readCsv(file: string, text: string): ReadPairs {
  let rows: ReturnType<typeof parseCsvObjects>;
  try {
    rows = parseCsvObjects(text);
  } catch (error) {
    if (error instanceof CsvError) throw new ImportError(`${file}:${error.line}: ${error.message}`);
    throw error;
  }
  const columns = Object.keys(rows[0]?.row ?? {});
  if (rows.length > 0 && !(columns.includes("input") && columns.includes("output")))
    throw new ImportError(`${file}:1: a CSV needs the columns input,output (found: ${columns.join(", ")})`);
  const pairs: ImportedPair[] = [];
  const skipped: ReadPairs["skipped"] = [];
  for (const { line, row } of rows) {
    const input = (row.input ?? "").trim();
    const output = (row.output ?? "").trim();
    if (input && output) pairs.push({ line, system: null, input, output });
    else skipped.push({ line, why: input ? "empty output" : "empty input" });
  }
  return { format: "CSV", pairs, skipped };
}

/** The pairs of a .jsonl (chat) or .csv (input,output) file's text; `file` names it in messages. */
export function readPairs(file: string, text: string): ReadPairs {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".jsonl") return readChatJsonl(file, text);
  if (ext === ".csv") return readCsv(file, text);
  throw new ImportError(`${file}: use a .jsonl file of ${CHAT} or a .csv file with input,output columns`);
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `3, 17, 42` (the first five lines, then …). */
export function lineList(pairs: readonly { line: number }[]): string {
  const shown = pairs.slice(0, 5).map((p) => p.line);
  return `${shown.join(", ")}${pairs.length > 5 ? ", …" : ""}`;
}
