import { shownPath } from "./path-kind.js";

/** One thing wrong with a config or suite file, pinned to where it is. */
export interface Problem {
  file: string;
  /** 1-based; 0 when the problem has no place in the file (e.g. the file is missing). */
  line: number;
  column: number;
  /** Key path of the offending value, e.g. `cases[3].expect.contians`; "" for the whole file. */
  path: string;
  message: string;
}

/**
 * Bad input of any kind (a flag, a file, a run folder, an unreachable or misconfigured endpoint):
 * the CLI prints its one-line message and exits 2, never a stack trace. Every such error extends it.
 */
export class InputError extends Error {
  override name = "InputError";
}

export class ConfigError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** `suites/orders.yaml:12:7: cases[3].expect.contians: unknown key; did you mean 'contains'?` */
export function formatProblem(p: Problem): string {
  const file = p.file === "" ? "" : shownPath(p.file);
  const place = p.line > 0 ? `${file}:${p.line}:${p.column}` : file;
  return [place, p.path, p.message].filter((part) => part !== "").join(": ");
}

/** Stable order for output: by file, then position. */
export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

export type PathKey = string | number;

/** `["cases", 3, "expect", "contians"]` → `cases[3].expect.contians`; odd keys are quoted. */
export function formatPath(keys: readonly PathKey[]): string {
  let out = "";
  for (const key of keys) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}
