import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";

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

function ajvFor(schema: Record<string, unknown>): Ajv | Ajv2019 | Ajv2020 {
  const dialect = typeof schema.$schema === "string" ? schema.$schema : "";
  if (dialect.includes("2020-12")) return new Ajv2020(options);
  if (dialect.includes("2019-09")) return new Ajv2019(options);
  return new Ajv(options);
}

/** Compiles a suite's output schema; an Error says why it is not a usable JSON Schema. */
export function compileOutputSchema(schema: Record<string, unknown>): ValidateFunction | Error {
  try {
    return ajvFor(schema).compile(schema);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

export function schemaErrors(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`)
    .join("; ");
}
