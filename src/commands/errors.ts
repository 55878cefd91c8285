import { InvalidArgumentError } from "commander";
import { InputError } from "../config/problem.js";

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
 * stack trace; unknown ones show it only with TUNEBENCH_DEBUG=1.
 */
export async function reportCliError(error: unknown): Promise<number> {
  const { ConfigError, formatProblem } = await import("../config/index.js");
  if (error instanceof ConfigError) {
    for (const problem of (error as unknown as WithProblems).problems)
      process.stderr.write(`${formatProblem(problem as Parameters<typeof formatProblem>[0])}\n`);
    return EXIT.badInput;
  }
  if (error instanceof InputError) {
    process.stderr.write(`tunebench: ${error.message}\n`);
    return EXIT.badInput;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`tunebench: internal error: ${message}\n`);
  if (process.env.TUNEBENCH_DEBUG && error instanceof Error && error.stack)
    process.stderr.write(`${error.stack}\n`);
  else process.stderr.write("(set TUNEBENCH_DEBUG=1 to see the stack trace)\n");
  return EXIT.internal;
}

/** Runs a command's body and sets the exit code from its result or error. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<number | undefined>) {
  return async (...args: A): Promise<void> => {
    try {
      process.exitCode = (await body(...args)) ?? EXIT.ok;
    } catch (error) {
      process.exitCode = await reportCliError(error);
    }
  };
}

// Number flags: bounded like the config values they override (config/limits.ts), so a typo such
// as `--concurrency 1e9` is one line and exit 2 rather than a run that exhausts memory.

export function parsePositiveInt(flag: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n <= 0 || n > max)
      throw new InvalidArgumentError(`${flag} expects a whole number from 1 to ${max}, got "${value}"`);
    return n;
  };
}

export function parseNonNegative(flag: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > max)
      throw new InvalidArgumentError(`${flag} expects a number from 0 to ${max}, got "${value}"`);
    return n;
  };
}

export function parseShare(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1)
      throw new InvalidArgumentError(`${flag} expects a share from 0 to 1, got "${value}"`);
    return n;
  };
}
