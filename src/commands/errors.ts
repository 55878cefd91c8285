import { Command, InvalidArgumentError } from "commander";
import { MAX } from "../config/limits.js";
import { InputError } from "../config/problem.js";
import { PATTERNS_ONLY, type Redactor } from "../model/redact.js";

/** Exit codes: 0 ran (gates passed), 1 a quality gate failed, 2 bad input or config, 3 internal error. */
export const EXIT = { ok: 0, gateFailed: 1, badInput: 2, internal: 3 } as const;

/** A mistake in how the command was called: printed as one line, exit 2. */
export class UsageError extends InputError {
  override name = "UsageError";
}

interface WithProblems {
  problems: unknown[];
}

/**
 * Turns any error into lines for a person and an exit code: known input errors never show a
 * stack trace; unknown ones show it only with TUNEBENCH_DEBUG=1. Every line passes the redactor:
 * an error from any call (chat, embeddings, files, jobs, whatever is added) may quote an endpoint
 * that echoed the key.
 */
export async function reportCliError(error: unknown, redactor: Redactor = PATTERNS_ONLY): Promise<number> {
  const print = (line: string) => process.stderr.write(`${redactor.message(line)}\n`);
  const { ConfigError, formatProblem } = await import("../config/index.js");
  if (error instanceof ConfigError) {
    // The user's own files: text() only, so an id such as "sk-greeting" is quoted as written.
    for (const problem of (error as unknown as WithProblems).problems)
      process.stderr.write(
        `${redactor.text(formatProblem(problem as Parameters<typeof formatProblem>[0]))}\n`,
      );
    return EXIT.badInput;
  }
  if (error instanceof InputError) {
    print(`tunebench: ${error.message}`);
    return EXIT.badInput;
  }
  print(`tunebench: internal error: ${error instanceof Error ? error.message : String(error)}`);
  if (process.env.TUNEBENCH_DEBUG && error instanceof Error && error.stack) print(error.stack);
  else print("(set TUNEBENCH_DEBUG=1 to see the stack trace)");
  return EXIT.internal;
}

/**
 * What a failed command's output must not show: every key of the config the command was given
 * (-c/--config, else ./eval.config.yaml) and the environment. Built only when something failed;
 * a config that does not load leaves the patterns (no endpoint was called then).
 */
async function redactorOfCommand(args: readonly unknown[]): Promise<Redactor> {
  const command = args.at(-1);
  const file = command instanceof Command ? (command.opts() as { config?: unknown }).config : undefined;
  try {
    const { loadConfig, DEFAULT_CONFIG_FILE } = await import("../config/index.js");
    const { redactorFor } = await import("../model/index.js");
    const loaded = await loadConfig(typeof file === "string" ? file : DEFAULT_CONFIG_FILE);
    return redactorFor(loaded.config, process.env);
  } catch {
    return PATTERNS_ONLY;
  }
}

/** A repeatable flag that also takes a comma-separated list: `-s a -s b,c` → [a, b, c]. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").filter(Boolean)];
}

/** Runs a command's body and sets the exit code from its result or error. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<number | undefined>) {
  return async (...args: A): Promise<void> => {
    try {
      process.exitCode = (await body(...args)) ?? EXIT.ok;
    } catch (error) {
      process.exitCode = await reportCliError(error, await redactorOfCommand(args));
    }
  };
}

// Number flags: bounded like the config values they override (config/limits.ts), so a typo such
// as `--concurrency 1e9` is one line and exit 2 rather than a run that exhausts memory.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A number as written on a command line: digits, a decimal point, an exponent; NaN for anything
 * else. Number() alone reads "0x10" as 16, "0b11" as 3 and "" as 0: `--max-cost 0x10` was $16.
 */
export function flagNumber(value: string): number {
  const text = value.trim();
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

export function parsePositiveInt(flag: string, max: number) {
  return (value: string): number => {
    const n = flagNumber(value);
    if (!Number.isInteger(n) || n <= 0 || n > max)
      throw new InvalidArgumentError(`${flag} expects a whole number from 1 to ${max}, got "${value}"`);
    return n;
  };
}

export function parseNonNegative(flag: string, max: number) {
  return (value: string): number => {
    const n = flagNumber(value);
    if (!Number.isFinite(n) || n < 0 || n > max)
      throw new InvalidArgumentError(`${flag} expects a number from 0 to ${max}, got "${value}"`);
    return n;
  };
}

export function parseShare(flag: string) {
  return (value: string): number => {
    const n = flagNumber(value);
    if (!Number.isFinite(n) || n < 0 || n > 1)
      throw new InvalidArgumentError(`${flag} expects a share from 0 to 1, got "${value}"`);
    return n;
  };
}

/** US dollars above 0 (a leading $ is allowed): budgets. */
export function parseDollars(flag: string) {
  return (value: string): number => {
    const n = flagNumber(value.trim().replace(/^\$/, ""));
    if (!Number.isFinite(n) || n <= 0 || n > MAX.dollars)
      throw new InvalidArgumentError(
        `${flag} expects US dollars above 0 (at most ${MAX.dollars}), such as 5 or 0.50, got "${value}"`,
      );
    return n;
  };
}
