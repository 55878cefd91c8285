import type { z } from "zod";
import type { PathKey, Problem } from "./problem.js";
import { keysAt } from "./shape.js";
import { nearest } from "./suggest.js";
import type { YamlSource } from "./yaml-source.js";

type Issue = z.core.$ZodIssue;

interface Finding {
  path: PathKey[];
  at: "key" | "value";
  message: string;
}

/** Turns zod's issues into located problems with messages written for someone editing YAML. */
export function issuesToProblems(issues: readonly Issue[], schema: z.ZodType, source: YamlSource): Problem[] {
  const findings = issues.flatMap((issue) => explain(issue, [], schema, source.data));
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const f of findings) {
    const problem = source.problem(f.path, f.message, f.at);
    const key = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

function explain(issue: Issue, prefix: PathKey[], schema: z.ZodType, data: unknown): Finding[] {
  const path = [...prefix, ...(issue.path as PathKey[])];
  const value = valueAt(data, path);
  const present = value !== undefined;
  switch (issue.code) {
    case "unrecognized_keys": {
      const valid = keysAt(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        at: "key" as const,
        message: unknownKey(key, valid),
      }));
    }
    case "invalid_union":
      return explainUnion(issue, path, schema, data, value);
    case "invalid_key":
      return [
        {
          path,
          at: "key",
          message: `invalid key: ${issue.issues.map((i) => customOr(i.message, "")).join("; ")}`,
        },
      ];
    case "invalid_type":
      if (!present) return [{ path, at: "key", message: `required (${expectedName(issue.expected)})` }];
      return [
        {
          path,
          at: "value",
          message: `expected ${expectedName(issue.expected, value)}, got ${describe(value)}`,
        },
      ];
    case "invalid_value": {
      const options = issue.values.map((v) => JSON.stringify(v));
      if (!present) return [{ path, at: "key", message: `required (${options.join(" or ")})` }];
      const hint = typeof value === "string" ? nearest(value, issue.values.map(String)) : undefined;
      const expected = options.length === 1 ? options[0] : `one of ${options.join(", ")}`;
      return [
        {
          path,
          at: "value",
          message: `expected ${expected}, got ${describe(value)}${hint ? `; did you mean "${hint}"?` : ""}`,
        },
      ];
    }
    case "invalid_format":
      return [
        {
          path,
          at: "value",
          message: `${customOr(issue.message, `must be a valid ${issue.format}`)}, got ${describe(value)}`,
        },
      ];
    case "too_small":
      return [
        {
          path,
          at: "value",
          message: customOr(issue.message, bound(issue, "at least", "greater than", value)),
        },
      ];
    case "too_big":
      return [
        { path, at: "value", message: customOr(issue.message, bound(issue, "at most", "less than", value)) },
      ];
    default:
      return [{ path, at: "value", message: issue.message }];
  }
}

/**
 * zod reports a failed union as the issues of every branch. The branch whose type fits the value
 * (a mapping for `embedding: { endpoint: ... }`) holds the real complaint; when no branch fits,
 * list what each branch would have accepted.
 */
function explainUnion(
  issue: Extract<Issue, { code: "invalid_union" }>,
  path: PathKey[],
  schema: z.ZodType,
  data: unknown,
  value: unknown,
): Finding[] {
  const typeMismatch = (issues: Issue[]) =>
    issues.some((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value"));
  const fitting = issue.errors.filter((branch) => !typeMismatch(branch));
  const first = fitting[0];
  if (first) return first.flatMap((i) => explain(i, path, schema, data));
  const expected = issue.errors.flatMap((branch) =>
    branch
      .filter((i) => i.path.length === 0)
      .map((i) =>
        i.code === "invalid_type"
          ? expectedName(i.expected)
          : i.code === "invalid_value"
            ? i.values.map((v) => JSON.stringify(v)).join(" or ")
            : "",
      )
      .filter((s) => s !== ""),
  );
  const list = [...new Set(expected)].join(" or ");
  if (value === undefined) return [{ path, at: "key", message: `required (${list})` }];
  return [{ path, at: "value", message: `expected ${list}, got ${describe(value)}` }];
}

function unknownKey(key: string, valid: string[]): string {
  const hint = nearest(key, valid);
  if (hint) return `unknown key; did you mean '${hint}'?`;
  return valid.length > 0 ? `unknown key; expected one of: ${valid.join(", ")}` : "unknown key";
}

const DEFAULT_MESSAGE = /^(Invalid|Too small|Too big|Unrecognized)/;

/** Our schemas carry hand-written messages ("must not be empty"); zod's defaults get rewritten. */
function customOr(message: string, fallback: string): string {
  return DEFAULT_MESSAGE.test(message) || message === "" ? fallback : message;
}

function bound(
  issue: { origin: string; inclusive?: boolean; minimum?: number | bigint; maximum?: number | bigint },
  inclusiveWord: string,
  exclusiveWord: string,
  value: unknown,
): string {
  const limit = Number(issue.minimum ?? issue.maximum);
  const word = issue.inclusive === false ? exclusiveWord : inclusiveWord;
  if (issue.origin === "array")
    return `needs ${word} ${limit} item${limit === 1 ? "" : "s"}, got ${describe(value)}`;
  if (issue.origin === "string") return `needs ${word} ${limit} character${limit === 1 ? "" : "s"}`;
  return `must be ${word} ${limit}, got ${describe(value)}`;
}

const EXPECTED_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  array: "a list",
  object: "a mapping (key: value)",
  record: "a mapping (key: value)",
  null: "null",
};

function expectedName(expected: string, value?: unknown): string {
  if (expected === "int" && typeof value === "number" && Number.isFinite(value)) return "a whole number";
  return EXPECTED_NAMES[expected] ?? expected;
}

/** How a YAML value reads in "got ..." */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") {
    const chars = [...value];
    const shown = chars.length > 40 ? `${chars.slice(0, 39).join("")}…` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  return `${typeof value} ${String(value)}`;
}

/** The value at a key path of parsed data, or undefined when the path leads nowhere. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
