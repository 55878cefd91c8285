import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { expect } from "vitest";
import { parse } from "yaml";
import { OPENAI_OPENAPI } from "../helpers/vendor.js";

const SPEC_ID = "https://tunebench.invalid/openai-openapi.json";
let ajv: Ajv2020 | null = null;

function fixExclusive(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) fixExclusive(item);
    return;
  }
  if (!node || typeof node !== "object") return;
  const schema = node as Record<string, unknown>;
  if (typeof schema.exclusiveMinimum === "boolean") {
    if (schema.exclusiveMinimum && typeof schema.minimum === "number") {
      schema.exclusiveMinimum = schema.minimum;
      delete schema.minimum;
    } else delete schema.exclusiveMinimum;
  }
  for (const value of Object.values(schema)) fixExclusive(value);
}

/** Parses the spec (takes a second or so): call it in beforeAll so timed tests are not slowed. */
export function loadSpec(): Ajv2020 {
  if (ajv) return ajv;
  const spec = parse(readFileSync(OPENAI_OPENAPI, "utf8")) as {
    components: { schemas: Record<string, unknown> };
  };
  // OpenAPI 3.0's boolean exclusiveMinimum (beside minimum) is a number in JSON Schema 2020-12.
  fixExclusive(spec.components.schemas);
  // Formats such as `unixtime` are OpenAPI annotations, not JSON Schema checks.
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: SPEC_ID, components: { schemas: spec.components.schemas } });
  return ajv;
}

/** Asserts that `data` validates against `#/components/schemas/<name>` of OpenAI's OpenAPI description. */
export function expectSchema(name: string, data: unknown): void {
  const validate = loadSpec().getSchema(`${SPEC_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  const valid = validate(data);
  expect(
    valid ? [] : (loadSpec().errorsText(validate.errors, { separator: "\n" }) ?? "").split("\n"),
  ).toEqual([]);
}
