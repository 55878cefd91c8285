import { createRequire } from "node:module";
import type { Ajv } from "ajv";
import type { Ajv2019 } from "ajv/dist/2019.js";
import type { Ajv2020 } from "ajv/dist/2020.js";

export type AnyAjv = Ajv | Ajv2019 | Ajv2020;
export type SchemaDraft = "07" | "2019-09" | "2020-12";
type AjvOptions = ConstructorParameters<typeof Ajv>[0];

// ajv is loaded on first use (synchronously, as compiling is): a suite without an output schema
// does not pay its load time and memory.
const load = createRequire(import.meta.url);

/** The JSON Schema draft `schema.$schema` names (draft-07 when it names none). */
export function draftOf(schema: Record<string, unknown>): SchemaDraft {
  const dialect = typeof schema.$schema === "string" ? schema.$schema : "";
  return dialect.includes("2020-12") ? "2020-12" : dialect.includes("2019-09") ? "2019-09" : "07";
}

/** A new ajv instance for one draft. */
export function newAjv(draft: SchemaDraft, options: AjvOptions): AnyAjv {
  if (draft === "2020-12")
    return new (load("ajv/dist/2020.js") as { Ajv2020: typeof Ajv2020 }).Ajv2020(options);
  if (draft === "2019-09")
    return new (load("ajv/dist/2019.js") as { Ajv2019: typeof Ajv2019 }).Ajv2019(options);
  return new (load("ajv") as { Ajv: typeof Ajv }).Ajv(options);
}
