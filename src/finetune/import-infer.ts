// What an imported suite's task says, inferred from the data: the instructions (its system
// prompt) and the output format (JSON with a drafted schema when every answer parses, else text),
// each inference noted for the report.
import type { Case, OutputSpec } from "../config/index.js";
import { describeSchema, draftSchema } from "./draft-schema.js";
import { type ImportedPair, plural } from "./import-read.js";

/** Distinct short answers up to this many read as labels (a classification task). */
const MAX_LABELS = 20;
const PLACEHOLDER_SYSTEM = "Answer the user's message in the same way as the examples.";

/** The most common system prompt becomes the task's instructions. */
export function inferInstructions(pairs: readonly ImportedPair[], notes: string[]): string {
  const counts = new Map<string, number>();
  for (const p of pairs) if (p.system) counts.set(p.system, (counts.get(p.system) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  if (!best) {
    notes.push(
      "instructions: the data has no system prompt; task.system is a placeholder: describe the task there",
    );
    return PLACEHOLDER_SYSTEM;
  }
  const others = counts.size > 1 ? ` (${plural(counts.size - 1, "other system prompt")} left out)` : "";
  notes.push(`instructions: the system prompt of ${plural(best[1], "line")} became task.system${others}`);
  return best[0];
}

export interface InferredOutput {
  output: OutputSpec;
  /** The expectation of the pair at this index. */
  expect: (index: number) => Case["expect"];
}

/** An answer that is a JSON object or array (a bare number or word is text). */
function jsonOf(text: string): object | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

export function inferOutput(pairs: readonly ImportedPair[], notes: string[]): InferredOutput {
  const parsed = pairs.map((p) => jsonOf(p.output));
  if (parsed.every((v) => v !== undefined)) {
    const schema = draftSchema(parsed);
    const kind = schema.type === "array" ? "array" : "object";
    notes.push(
      `output: json (every answer parses); schema drafted from ${plural(pairs.length, "answer")}: ${describeSchema(schema)}`,
    );
    return {
      output: { format: "json", schema, description: `Reply with one JSON ${kind} and nothing else.` },
      expect: (i) => ({ json: parsed[i] }),
    };
  }
  const equals = (i: number) => ({ equals: pairs[i]?.output ?? "" });
  const labels = [...new Set(pairs.map((p) => p.output))];
  const short = labels.length <= MAX_LABELS && labels.every((l) => l.length <= 60 && !l.includes("\n"));
  if (short && pairs.length >= 2 * labels.length) {
    const shown = `${labels.slice(0, 8).join(", ")}${labels.length > 8 ? ", …" : ""}`;
    notes.push(`output: text labels (${labels.length}: ${shown}); each case expects its label`);
    return {
      output: { format: "text", description: `Reply with exactly one of: ${labels.join(", ")}.` },
      expect: equals,
    };
  }
  notes.push(
    "output: free text; each case expects its recorded answer word for word (loosen to contains or regex where wording may vary)",
  );
  return { output: { format: "text" }, expect: equals };
}
