import type { ValidateFunction } from "ajv";
import { draftOf, newAjv } from "./ajv.js";

// Same dialect choice as the format scorer, plus strictSchema: a misspelt keyword (`propertise`)
// would otherwise be ignored silently and the output never checked. Formats are not validated
// (no ajv-formats), so `format: email` must not count as unknown.
const options = {
  strict: false,
  strictSchema: true,
  validateFormats: false,
  allErrors: true,
  logger: false,
} as const;

/** Compiles a suite's output schema; an Error says why it is not a usable JSON Schema. */
export function compileOutputSchema(schema: Record<string, unknown>): ValidateFunction | Error {
  try {
    return newAjv(draftOf(schema), options).compile(schema);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export function schemaErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`)
    .join("; ");
}
