import { compileUserRegex } from "../config/regex.js";
import type { Expect } from "../config/schema.js";
import { extractJson } from "./json.js";
import type { Score, Scorer } from "./types.js";
import { quote, toList, truncate } from "./util.js";

type Check = { kind: string; failure: string | null };

const fold = (text: string, ignoreCase: boolean) => (ignoreCase ? text.toLowerCase() : text);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return truncate(JSON.stringify(value) ?? String(value), 40);
}

/**
 * First place where `actual` does not contain `expected`, as "path: expected X, got Y", or null.
 * Objects: every expected key present and matching (extra keys allowed, at any depth).
 * Arrays: same length, element by element, so order and count matter but objects inside them
 * are still compared as subsets.
 * Numbers compare exactly; `ignoreCase` folds string leaves so it means the same as for `equals`.
 */
export function jsonSubsetMismatch(
  expected: unknown,
  actual: unknown,
  ignoreCase = false,
  path = "$",
): string | null {
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return `${path}: expected an object, got ${show(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const childPath = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      if (!Object.hasOwn(actual, key)) return `${childPath}: missing`;
      const mismatch = jsonSubsetMismatch(value, actual[key], ignoreCase, childPath);
      if (mismatch !== null) return mismatch;
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${show(actual)}`;
    if (actual.length !== expected.length) {
      return `${path}: expected ${expected.length} items, got ${actual.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const mismatch = jsonSubsetMismatch(expected[i], actual[i], ignoreCase, `${path}[${i}]`);
      if (mismatch !== null) return mismatch;
    }
    return null;
  }
  const same =
    typeof expected === "string" && typeof actual === "string"
      ? fold(expected, ignoreCase) === fold(actual, ignoreCase)
      : expected === actual;
  return same ? null : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

// A leading sign only counts when it starts a token, so "gpt-4o" is not -4 and "10-20" is 10.
// Latin letters, digits and dots before a number mean it is part of a word, version or decimal
// ("v2", "H2O", the ".5" of "3.5"); Han letters do not ("第3名" holds 3).
const NUMBER =
  /(?<![A-Za-z0-9_.\-\u2212])[-+\u2212]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?/;

/** The first number in a text: "42", "-3.5", "1,234" (thousands separators), "1e-3"; null if none. */
export function firstNumber(text: string): number | null {
  const match = NUMBER.exec(text);
  if (match === null) return null;
  const value = Number(match[0].replace(/,/g, "").replace("\u2212", "-"));
  return Number.isFinite(value) ? value : null;
}

function checks(output: string, expect: Expect): Check[] {
  const trimmed = output.trim();
  const ignoreCase = expect.ignoreCase ?? false;
  const got = quote(trimmed);
  const out: Check[] = [];

  if (expect.equals !== undefined) {
    const ok = fold(trimmed, ignoreCase) === fold(expect.equals.trim(), ignoreCase);
    out.push({
      kind: "equals",
      failure: ok ? null : `equals: expected ${quote(expect.equals.trim())}, got ${got}`,
    });
  }
  if (expect.oneOf !== undefined) {
    const options = expect.oneOf.map((o) => fold(o.trim(), ignoreCase));
    const ok = options.includes(fold(trimmed, ignoreCase));
    const wanted = truncate(expect.oneOf.map((o) => JSON.stringify(o.trim())).join(" | "));
    out.push({ kind: "oneOf", failure: ok ? null : `oneOf: expected one of ${wanted}, got ${got}` });
  }
  const haystack = fold(trimmed, ignoreCase);
  const contains = toList(expect.contains);
  if (contains.length > 0) {
    const missing = contains.find((s) => !haystack.includes(fold(s, ignoreCase)));
    out.push({
      kind: "contains",
      failure: missing === undefined ? null : `contains: expected ${quote(missing, 40)} in ${got}`,
    });
  }
  const notContains = toList(expect.notContains);
  if (notContains.length > 0) {
    const present = notContains.find((s) => haystack.includes(fold(s, ignoreCase)));
    out.push({
      kind: "notContains",
      failure: present === undefined ? null : `notContains: found ${quote(present, 40)} in ${got}`,
    });
  }
  if (expect.regex !== undefined) {
    const re = compileUserRegex(expect.regex, ignoreCase);
    const failure =
      re instanceof Error
        ? `regex: invalid pattern (fix the suite): ${re.message}`
        : re.test(trimmed)
          ? null
          : `regex: expected /${expect.regex}/ to match ${got}`;
    out.push({ kind: "regex", failure });
  }
  if (expect.json !== undefined) {
    const extracted = extractJson(output);
    const mismatch =
      extracted === null
        ? `expected ${show(expect.json)}, got no JSON in ${got}`
        : jsonSubsetMismatch(expect.json, extracted.value, ignoreCase);
    out.push({ kind: "json", failure: mismatch === null ? null : `json ${mismatch}` });
  }
  if (expect.number !== undefined) {
    const { value, tolerance } = expect.number;
    const n = firstNumber(trimmed);
    // A relative epsilon so 1.0 is within 0.1 of 1.1 despite binary floating point.
    const slack = tolerance + 1e-9 * Math.max(1, Math.abs(value));
    const within = n !== null && Math.abs(n - value) <= slack;
    const wanted = tolerance > 0 ? `${value} ± ${tolerance}` : `${value}`;
    out.push({
      kind: "number",
      failure: within ? null : `number: expected ${wanted}, got ${n === null ? `no number in ${got}` : n}`,
    });
  }
  return out;
}

/**
 * Correctness against the case's expectations; all given ones must hold and the reason names the
 * first that did not. `refusal` is the refusal scorer's business, so a case expecting only that
 * gets null here.
 */
export function scoreExpect(output: string, expect: Expect): Score | null {
  const results = checks(output, expect);
  if (results.length === 0) return null;
  const failed = results.find((c) => c.failure !== null);
  if (failed?.failure != null) {
    const more = results.filter((c) => c.failure !== null).length - 1;
    return {
      scorer: "expect",
      pass: false,
      reason: more > 0 ? `${failed.failure} (+${more} more failed)` : failed.failure,
    };
  }
  return { scorer: "expect", pass: true, reason: `met: ${results.map((c) => c.kind).join(", ")}` };
}

export const expectScorer: Scorer = (output, testCase) => scoreExpect(output, testCase.expect);
