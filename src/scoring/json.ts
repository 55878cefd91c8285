// Finding JSON in model output. Format adherence wants the whole output to be JSON; correctness
// checks are lenient and dig the JSON out of fences or prose, so a model is not marked wrong twice
// for one formatting slip.

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: string };

export function parseJson(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export interface Extracted {
  value: unknown;
  /** Where the JSON was found; anything but "whole" fails strict format adherence. */
  found: "whole" | "fence" | "prose";
}

const FENCE = /```[ \t]*[\w+-]*[ \t]*\r?\n([\s\S]*?)```/;
// Guards against quadratic scanning of long non-JSON output full of brackets.
const MAX_CANDIDATES = 64;

/** The first JSON value in the text: the whole text, else a fenced block, else the first balanced object/array. */
export function extractJson(text: string): Extracted | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const whole = parseJson(trimmed);
  if (whole.ok) return { value: whole.value, found: "whole" };

  const fence = FENCE.exec(trimmed);
  if (fence?.[1] !== undefined) {
    const inner = parseJson(fence[1].trim());
    if (inner.ok) return { value: inner.value, found: "fence" };
  }

  let candidates = 0;
  for (let start = 0; start < trimmed.length && candidates < MAX_CANDIDATES; start++) {
    const ch = trimmed[start];
    if (ch !== "{" && ch !== "[") continue;
    candidates++;
    const end = balancedEnd(trimmed, start);
    if (end < 0) continue;
    const parsed = parseJson(trimmed.slice(start, end + 1));
    if (parsed.ok) return { value: parsed.value, found: "prose" };
  }
  return null;
}

/** Index of the bracket closing the one at `start`, aware of strings; -1 when unbalanced. */
function balancedEnd(text: string, start: number): number {
  const closers: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === "{") closers.push("}");
    else if (ch === "[") closers.push("]");
    else if (ch === "}" || ch === "]") {
      if (closers.pop() !== ch) return -1;
      if (closers.length === 0) return i;
    }
  }
  return -1;
}
