import { z } from "zod";
import { ConfigSchema, SuiteSchema } from "./schema.js";

// Editors (yaml-language-server) validate and complete YAML against these. "input" so keys with
// defaults are optional; draft-07 because it is the dialect every editor plugin understands.

function toJsonSchema(schema: z.ZodType, title: string): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-7", unrepresentable: "any" });
  return { ...json, title };
}

export function configJsonSchema(): object {
  return toJsonSchema(ConfigSchema, "tunebench config");
}

export function suiteJsonSchema(): object {
  return toJsonSchema(SuiteSchema, "tunebench suite");
}

/** The committed files under schema/, by file name, exactly as they should read. */
export function schemaFiles(): Record<string, string> {
  const render = (schema: object) => `${JSON.stringify(schema, null, 2)}\n`;
  return {
    "config.schema.json": render(configJsonSchema()),
    "suite.schema.json": render(suiteJsonSchema()),
  };
}
