import { type Encoding, encodingFor, tunedBase } from "../model/index.js";
import { SIM_BASE_MODEL } from "../project/index.js";

/** OpenAI rejects fine-tuning files above this size (50 MB in 2023, 512 MB now). */
export const FILE_SIZE_LIMIT = 512 * 1024 * 1024;
/** A fine-tuning job needs at least this many examples. */
export const MIN_EXAMPLES = 10;
/** What an unknown model is assumed to accept per example (the current models' limit). */
export const DEFAULT_TOKEN_LIMIT = 65_536;

const DATED = "(?:-\\d{4}-\\d{2}-\\d{2})?";

// Per-example token limits of the fine-tunable models: longer examples are truncated to the limit.
const LIMITS: readonly [RegExp, number][] = [
  [/^gpt-3\.5-turbo-0613$/, 4_096],
  [/^gpt-3\.5-turbo(?:-1106|-0125)?$/, 16_385],
  [new RegExp(`^gpt-4o(?:-mini)?${DATED}$`), 65_536],
  [new RegExp(`^gpt-4\\.1(?:-mini|-nano)?${DATED}$`), 65_536],
  // The simulator's base model behaves like gpt-4o-mini.
  [new RegExp(`^${SIM_BASE_MODEL}$`), 65_536],
];

export interface TokenLimit {
  /** Tokens per example; longer examples are truncated to this. */
  limit: number;
  /** False when the model is not in the table and DEFAULT_TOKEN_LIMIT was assumed. */
  known: boolean;
  /** The base model the limit was looked up for (an ft: id's base). */
  base: string;
  encoding: Encoding;
}

/** The base of `ft:<base>:<org>:<suffix>:<id>`, or the id itself. */
export function baseModelOf(model: string): string {
  return tunedBase(model) ?? model;
}

/** The per-example token limit for fine-tuning `model`; `override` (e.g. --max-tokens) wins. */
export function tokenLimitFor(model: string, override?: number): TokenLimit {
  const base = baseModelOf(model);
  const encoding = encodingFor(base);
  if (override !== undefined) return { limit: override, known: true, base, encoding };
  const row = LIMITS.find(([pattern]) => pattern.test(base));
  return row
    ? { limit: row[1], known: true, base, encoding }
    : { limit: DEFAULT_TOKEN_LIMIT, known: false, base, encoding };
}
