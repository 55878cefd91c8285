import type { ValidateFunction } from "ajv";
import { type AnyAjv, draftOf, newAjv, type SchemaDraft } from "../config/ajv.js";
import { compileUserRegex } from "../config/regex.js";
import type { OutputSpec } from "../config/schema.js";
import { extractJson, parseJson } from "./json.js";
import { checkLanguage } from "./language.js";
import type { Score, Scorer } from "./types.js";
import { truncate } from "./util.js";

// allErrors so the reason can list every violation; logger off because an unknown `format` keyword
// (no ajv-formats here) would otherwise print a warning per compile into the run's console output.
const options = { strict: false, allErrors: true, logger: false } as const;
// One instance per draft for the run.
const instances = new Map<SchemaDraft, AnyAjv>();

// Suites are loaded once and their schema objects live for the run, so identity is the right key.
const validators = new WeakMap<object, ValidateFunction | Error>();

function ajvFor(schema: Record<string, unknown>): AnyAjv {
  const draft = draftOf(schema);
  let ajv = instances.get(draft);
  if (!ajv) {
    ajv = newAjv(draft, options);
    instances.set(draft, ajv);
  }
  return ajv;
}

function validatorFor(schema: Record<string, unknown>): ValidateFunction | Error {
  let validate = validators.get(schema);
  if (validate === undefined) {
    try {
      const ajv = ajvFor(schema);
      // A reloaded suite brings a new object with the same $id; ajv refuses duplicate ids.
      if (typeof schema.$id === "string") ajv.removeSchema(schema.$id);
      validate = ajv.compile(schema);
    } catch (error) {
      validate = error instanceof Error ? error : new Error(String(error));
    }
    validators.set(schema, validate);
  }
  return validate;
}

/** Why an output schema cannot be used, or null when it compiles (for load-time checks). */
export function checkOutputSchema(schema: Record<string, unknown>): string | null {
  const validate = validatorFor(schema);
  return validate instanceof Error ? validate.message : null;
}

function describeNotJson(output: string, parseError: string): string {
  const extracted = extractJson(output);
  if (extracted?.found === "fence") return "JSON wrapped in a code fence";
  if (extracted?.found === "prose") return "JSON surrounded by prose";
  if (output.trim() === "") return "empty output, expected JSON";
  return `not valid JSON (${truncate(parseError, 60)})`;
}

function schemaErrors(validate: ValidateFunction): string {
  const errors = validate.errors ?? [];
  const shown = errors.slice(0, 3).map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`);
  if (errors.length > 3) shown.push(`and ${errors.length - 3} more`);
  return `schema: ${shown.join("; ")}`;
}

export function hasFormatRequirement(spec: OutputSpec): boolean {
  return (
    spec.format === "json" ||
    spec.schema !== undefined ||
    spec.regex !== undefined ||
    spec.language !== undefined ||
    spec.maxLength !== undefined
  );
}

/**
 * Format adherence: every requirement of the output spec, all failures in one reason.
 * The whole trimmed output must be JSON: a caller parsing the reply with JSON.parse would choke on
 * a code fence or a preamble, which is exactly what this score exists to catch.
 * A schema implies JSON even when `format` was left at "text".
 * null when the spec asks for nothing.
 */
export function scoreFormat(output: string, spec: OutputSpec): Score | null {
  if (!hasFormatRequirement(spec)) return null;
  const trimmed = output.trim();
  const failures: string[] = [];
  const passed: string[] = [];

  if (spec.format === "json" || spec.schema !== undefined) {
    const parsed = parseJson(trimmed);
    if (!parsed.ok) failures.push(describeNotJson(output, parsed.error));
    else {
      passed.push("JSON");
      if (spec.schema !== undefined) {
        const validate = validatorFor(spec.schema);
        if (validate instanceof Error)
          failures.push(`invalid output.schema (fix the suite): ${validate.message}`);
        else if (validate(parsed.value)) passed.push("schema");
        else failures.push(schemaErrors(validate));
      }
    }
  }

  if (spec.regex !== undefined) {
    const re = compileUserRegex(spec.regex);
    if (re instanceof Error) failures.push(`invalid output.regex (fix the suite): ${re.message}`);
    else if (re.test(trimmed)) passed.push("regex");
    else failures.push(`does not match /${spec.regex}/`);
  }

  if (spec.language !== undefined) {
    const lang = checkLanguage(trimmed, spec.language);
    (lang.ok ? passed : failures).push(lang.detail);
  }

  if (spec.maxLength !== undefined) {
    // Code points, so a Chinese character or an emoji counts as one character, as a reader counts.
    const length = [...trimmed].length;
    if (length <= spec.maxLength) passed.push(`length ${length} ≤ ${spec.maxLength}`);
    else failures.push(`too long: ${length} characters > maxLength ${spec.maxLength}`);
  }

  return failures.length === 0
    ? { scorer: "format", pass: true, reason: `ok: ${passed.join(", ")}` }
    : { scorer: "format", pass: false, reason: failures.join("; ") };
}

/**
 * Out-of-domain probes (expect.refusal === true) are judged on refusing alone: format is not
 * scored, because "I don't know" is not supposed to be JSON and would otherwise count against the
 * very behaviour the probe rewards.
 */
export const formatScorer: Scorer = (output, testCase, { suite }) =>
  testCase.expect.refusal === true ? null : scoreFormat(output, suite.task.output);
