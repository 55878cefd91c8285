// A JSON Schema drafted from the answers of existing training data, for an imported suite's
// `output.schema`: every answer validates against it, and it is as tight as those answers allow.

export type JsonSchema = Record<string, unknown>;

/** A string field with this few distinct values, each seen at least twice on average, is a closed set. */
const MAX_ENUM = 10;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** The schema of one JSON type over all the values of that type. */
function draftOne(type: string, values: readonly unknown[]): JsonSchema {
  if (type === "object") {
    const objects = values as Record<string, unknown>[];
    const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))];
    return {
      type: "object",
      required: keys.filter((k) => objects.every((o) => k in o)),
      properties: Object.fromEntries(
        keys.map((k) => [k, draftSchema(objects.filter((o) => k in o).map((o) => o[k]))]),
      ),
      additionalProperties: false,
    };
  }
  if (type === "array") {
    const items = (values as unknown[][]).flat();
    return items.length > 0 ? { type: "array", items: draftSchema(items) } : { type: "array" };
  }
  if (type === "string") {
    const distinct = [...new Set(values as string[])];
    if (distinct.length <= MAX_ENUM && values.length >= 2 * distinct.length)
      return { type: "string", enum: distinct.sort() };
  }
  return { type };
}

/** The tightest plain schema every value satisfies (integers and numbers together are numbers). */
export function draftSchema(values: readonly unknown[]): JsonSchema {
  const types = new Set(values.map(typeOf));
  if (types.has("number")) types.delete("integer");
  const only = [...types];
  if (only.length === 0) return {};
  if (only.length === 1) {
    const [type] = only as [string];
    return draftOne(type, values);
  }
  // A nullable field keeps the shape of its other type: {"type": ["string", "null"]}.
  if (only.length === 2 && types.has("null")) {
    const type = only.find((t) => t !== "null") as string;
    const inner = draftOne(
      type,
      values.filter((v) => v !== null),
    );
    const { enum: _closed, ...rest } = inner;
    return { ...rest, type: [type, "null"] };
  }
  return { type: only };
}

/** One line for the import report: `object, required: category, priority`. */
export function describeSchema(schema: JsonSchema): string {
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return `${String(schema.type)}${required.length ? `, required: ${required.join(", ")}` : ""}`;
}
